from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the database (created if missing). A database that holds "
        "tables is refused unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup file (.dump) made by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the objects of a database that is not empty with those of the backup.",
        )

    def handle(self, *args, file, force=False, **options):
        try:
            created = backup_restore(path=file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        database = settings.DATABASES["default"]["NAME"]
        into = f"the new database {database}" if created else f"the database {database}"
        self.stdout.write(self.style.SUCCESS(f"{file} restored into {into}."))
