"""Demo data: one district, its streets, communities and grids, and a login for every role.

Idempotent: running it again changes nothing that is already there. Demo users are created only
here, never by a migration, so no production database ever holds them.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.party import seed_party
from demo.residents import seed_residents
from demo.services import seed_departments, seed_requests
from grids.actions import staff_post_assign
from grids.models import Community, District, Grid, StaffPost, Street
from grids.roles import Role

DEMO_PASSWORD = "demo12345"  # noqa: S105 - published demo logins

DISTRICT = ("110101000000", "东城区")
# street code, name, [(community code, name, [grid names])]
STREETS = [
    ("110101001000", "东华门街道", [
        ("110101001001", "多福巷社区", ["第一网格", "第二网格", "第三网格", "第四网格"]),
        ("110101001002", "银闸社区", ["第一网格", "第二网格", "第三网格"]),
    ]),
    ("110101002000", "景山街道", [
        ("110101002001", "景山东街社区", ["第一网格", "第二网格", "第三网格", "第四网格"]),
        ("110101002002", "吉祥社区", ["第一网格", "第二网格", "第三网格"]),
    ]),
]

# username, full name, role
USERS = [
    ("window", "王丽", Role.WINDOW_STAFF),
    ("grid_a", "李强", Role.GRID_WORKER),
    ("grid_b", "赵敏", Role.GRID_WORKER),
    ("secretary", "陈建国", Role.PARTY_SECRETARY),
    ("official", "刘洋", Role.OFFICIAL),
]


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
                if not no_residents:
                    seed_residents(self.stdout)
                    seed_party(self.stdout)
                    seed_requests(self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.print_logins()

    def print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {'admin':<10} superuser (back office /admin/)")
        self.stdout.write(f"  {'dept':<10} 孙伟 · {Role.DEPARTMENT_LIAISON.group_name} · 多福巷社区居委会")
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


def seed_areas() -> District:
    district, _ = District.objects.get_or_create(code=DISTRICT[0], defaults={"name": DISTRICT[1]})
    for street_code, street_name, communities in STREETS:
        street, _ = Street.objects.get_or_create(
            code=street_code, defaults={"district": district, "name": street_name}
        )
        for community_code, community_name, grid_names in communities:
            community, _ = Community.objects.get_or_create(
                code=community_code, defaults={"street": street, "name": community_name}
            )
            for number, grid_name in enumerate(grid_names, start=1):
                Grid.objects.get_or_create(community=community, number=number, defaults={"name": grid_name})
    return district


def seed_users(district: District) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "", DEMO_PASSWORD, first_name="系统管理员")
    community = Community.objects.order_by("code").first()
    grids = list(community.grids.order_by("number"))
    areas = {
        "window": community,
        "grid_a": grids[0],
        "grid_b": grids[1],
        "secretary": community,
        "official": district,
    }
    for username, full_name, role in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        staff_post_assign(user=user, role=role, area=areas[username])
