from django.core.management.base import BaseCommand, CommandError

from services.calendar import load_year


class Command(BaseCommand):
    help = "Enter a year's official holiday schedule from the chinesecalendar package (when it knows the year)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", type=int)

    def handle(self, *args, years, **options):
        for year in years:
            if not load_year(year):
                raise CommandError(
                    f"chinesecalendar does not know {year} yet: upgrade it, or enter the days in the admin "
                    "(Holiday schedule years / Calendar exceptions)."
                )
            self.stdout.write(self.style.SUCCESS(f"{year} entered."))
