"""The search index kept current by database triggers (see practices/search/index.py).

Installs the triggers and rebuilds the index once, so a database that already holds practices
is searchable at once. Later changes to the triggers need a migration that calls `rebuild()`
again (it drops and recreates them).
"""

from django.db import migrations


def install(apps, schema_editor):
    from practices.search import index

    index.rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):
    from practices.search import index

    index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("practices", "0007_rename_contributor_author"), ("taggit", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
