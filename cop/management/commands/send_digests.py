"""E-mail each daily-digest member their unread notifications of the last day.

Run once a day (e.g. from cron: `python manage.py send_digests`). Running it again sends nothing
new: each notification is e-mailed at most once. The e-mails are queued; the task worker
(`manage.py db_worker`, started by `make run`) delivers them, retrying a mail server that fails.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from cop.members.notifications import send_digests


class Command(BaseCommand):
    help = "E-mail each daily-digest member their unread notifications of the last day."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=24,
            help="How far back to look for unread notifications (default: 24).",
        )

    def handle(self, *args, hours, **options):
        sent = send_digests(period=timedelta(hours=hours))
        if options["verbosity"] > 0:
            self.stdout.write(f"Queued {sent} digest e-mail(s) for the task worker.")
