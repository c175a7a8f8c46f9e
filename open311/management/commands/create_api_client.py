from django.core.management.base import BaseCommand, CommandError

from grids.models import Community, District, Street
from services.choices import Channel

from ...actions import client_create


class Command(BaseCommand):
    help = "Create an API client acting in one area, and print its key (shown this once only)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        area = parser.add_mutually_exclusive_group(required=True)
        area.add_argument("--community", metavar="CODE")
        area.add_argument("--street", metavar="CODE")
        area.add_argument("--district", metavar="CODE")
        parser.add_argument("--source", default="", help="Whose ticket numbers it sends (default: its name).")
        parser.add_argument("--channel", choices=Channel.values, default=Channel.HOTLINE)
        parser.add_argument("--create", action="store_true", help="It may create requests.")
        parser.add_argument("--callback", action="store_true", help="It may record callbacks.")

    def handle(self, *args, **options):
        area = {}
        for name, model in (("community", Community), ("street", Street), ("district", District)):
            if options[name]:
                found = model.objects.filter(code=options[name]).first()
                if found is None:
                    raise CommandError(f"No {name} with the code {options[name]}.")
                area[name] = found
        client, key = client_create(
            name=options["name"],
            ticket_source=options["source"],
            channel=options["channel"],
            may_create=options["create"],
            may_callback=options["callback"],
            **area,
        )
        self.stderr.write(f"API client {client.name} acts in {client.area}. Its key, shown only now:")
        self.stdout.write(key)
