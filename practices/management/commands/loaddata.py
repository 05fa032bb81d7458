"""`manage.py loaddata`: Django's command, then the search index rebuilt for what was loaded.

Fixtures are saved raw (no workflow, no reindex), so a restored site would find nothing until
`reindex_search`. This command does what every restore needs: it loads the fixtures as Django
does and, when practices, their tags, countries or objectives may have changed, rebuilds the
search index and forgets cached listings. `--no-reindex` skips that (for a chain of loads; run
`reindex_search` after the last one).
"""

from django.core.management.commands import loaddata
from django.db import DEFAULT_DB_ALIAS

from practices import search


class Command(loaddata.Command):
    help = loaddata.Command.help + " Then rebuilds the full-text search index of practices."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-reindex",
            action="store_false",
            dest="reindex",
            help="Do not rebuild the search index afterwards (run reindex_search yourself).",
        )

    def handle(self, *fixture_labels, **options):
        reindex = options.pop("reindex", True)
        super().handle(*fixture_labels, **options)
        # The index lives in the default database (search.reindex writes there); a load into
        # another database leaves it alone.
        if reindex and self.loaded_object_count and self.using == DEFAULT_DB_ALIAS:
            search.reindex()
            if self.verbosity >= 1:
                self.stdout.write(f"Search index rebuilt ({search.backend_name()}).")
