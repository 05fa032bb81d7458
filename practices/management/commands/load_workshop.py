"""`manage.py load_workshop [--file PATH]`: load the workshop data file, idempotently.

A thin wrapper around practices.loader.load_workshop (see that package): it turns a data error
into a CommandError (exit status 1, message on stderr) and prints what was created, updated,
unchanged or deleted.
"""

from django.core.management.base import BaseCommand, CommandError

from cop.models import Event
from practices.loader import DEFAULT_PATH, WorkshopDataError, load_workshop


class Command(BaseCommand):
    help = "Load the GLO.ACT workshop data file (TOML); running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            dest="path",
            default=str(DEFAULT_PATH),
            help=f"The data file to load (default: {DEFAULT_PATH}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database that holds no event yet (what `make run` does, so "
            "that restarting the site never reverts what curators edited).",
        )

    def handle(self, *args, path, **options):
        if options["if_empty"] and Event.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write(
                    "The database already holds the workshop; nothing loaded "
                    "(run without --if-empty to apply the data file again)."
                )
            return
        try:
            summary = load_workshop(path=path)
        except WorkshopDataError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        style = self.style.SUCCESS if summary.changed else self.style.NOTICE
        *details, total = summary.lines()
        if options["verbosity"] >= 1:
            for line in details:
                self.stdout.write(line)
            self.stdout.write(style(total))
