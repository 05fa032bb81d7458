"""Enable pg_trgm on PostgreSQL (typo-tolerant search); a no-op on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [TrigramExtension()]
