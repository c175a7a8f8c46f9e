from django.core.management.base import BaseCommand, CommandError

from common.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database with pg_dump (custom format) into BACKUP_DIR and keep the newest BACKUP_KEEP backups."

    def add_arguments(self, parser):
        parser.add_argument("--dir", dest="directory", help="Folder of the backups (default: BACKUP_DIR).")
        parser.add_argument("--keep", type=int, help="How many backups to keep (default: BACKUP_KEEP).")

    def handle(self, *args, directory=None, keep=None, **options):
        try:
            path = backup_create(directory=directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{path} ({file_size(path.stat().st_size)})"))


def file_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.1f} kB" if size >= 1000 else f"{size} bytes"
