"""Demo data: one district, its streets, communities and grids, and a login for every role.

Idempotent: running it again changes nothing that is already there. Demo users are created only
here, never by a migration, so no production database ever holds them.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.cobuilding import seed_cobuilding
from demo.deliberation import seed_deliberation
from demo.district import DEMO_PASSWORD, USERS, seed_areas, seed_users
from demo.honours import seed_honours
from demo.party import seed_party
from demo.readiness import seed_readiness
from demo.residents import seed_residents
from demo.services import seed_departments, seed_queue, seed_requests
from demo.volunteering import seed_volunteering
from grids.models import District, StaffPost
from grids.roles import Role
from open311.actions import client_create
from open311.models import ApiClient
from services import supervision

DEMO_API_CLIENT = "12345热线（演示）"


class Command(BaseCommand):
    help = "Create the demo district, its areas and the demo logins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing but print the logins if the database has data."
        )
        parser.add_argument(
            "--no-residents", action="store_true", help="Leave out the residents, households and visits (fast)."
        )

    def handle(self, *args, if_empty=False, no_residents=False, **options):
        if if_empty and District.objects.exists():
            self.stdout.write("The database has data already; demo data not loaded again.")
        else:
            with transaction.atomic():
                district = seed_areas()
                seed_users(district)
                seed_departments()
                seed_queue()
                if not no_residents:
                    seed_residents(self.stdout)
                    seed_party(self.stdout)
                    seed_requests(self.stdout)
                    supervision.mark()
                    seed_deliberation(self.stdout)
                    seed_cobuilding(self.stdout)
                    seed_volunteering(self.stdout)
                    seed_readiness(self.stdout)
                    seed_honours(self.stdout)
                self.api_client(district)
            self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.print_logins()

    def api_client(self, district):
        """The demo 12345 hotline's API client; its key is printed this once (docs/api.md)."""
        if ApiClient.objects.filter(name=DEMO_API_CLIENT).exists():
            return
        _client, key = client_create(
            name=DEMO_API_CLIENT, district=district, ticket_source="12345", may_create=True, may_callback=True
        )
        self.stdout.write(f"  Open311 API key of {DEMO_API_CLIENT} (shown once): {key}")

    def print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {'admin':<10} superuser (back office /admin/)")
        self.stdout.write(f"  {'dept':<10} 孙伟 · {Role.DEPARTMENT_LIAISON.group_name} · 多福巷社区居委会")
        liaison = Role.DEPARTMENT_LIAISON.group_name
        self.stdout.write(f"  {'dept01…':<10} {liaison} of each other department, dept01 to dept33 (see /admin/)")
        posts = (
            StaffPost.objects.current()
            .filter(user__username__in=[username for username, _name, _role in USERS])
            .select_related("user", "district", "street", "community", "grid__community")
            .order_by("pk")
        )
        for post in posts:
            self.stdout.write(
                f"  {post.user.username:<10} {post.user.first_name} · {post.get_role_display()} · {post.area}"
            )
