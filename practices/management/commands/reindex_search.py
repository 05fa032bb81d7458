"""`manage.py reindex_search`: rebuild the search index of every practice.

Every write through the site keeps the index current; run this after loading data by other
means (a database restore, SQL) or after renaming countries or objectives in the admin.
"""

from django.core.management.base import BaseCommand

from practices import search
from practices.models import Practice


class Command(BaseCommand):
    help = "Rebuild the full-text search index (and forget cached listings)."

    def handle(self, *args, **options):
        search.reindex()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Search index rebuilt for {Practice.objects.count()} practices "
                f"({search.backend_name()})."
            )
