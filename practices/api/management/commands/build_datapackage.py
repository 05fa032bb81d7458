"""manage.py build_datapackage: write the data package that /api/v1/datapackage.zip serves."""

from django.core.management.base import BaseCommand

from practices.api import datapackage, tasks


class Command(BaseCommand):
    help = "Write the data package of everything public (CSV files and datapackage.json, zipped)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="where to write the zip (default: the DATA_PACKAGE_PATH setting)"
        )

    def handle(self, *args, output=None, **options):
        path = datapackage.build(output, version=tasks.content_version())
        self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes)")
