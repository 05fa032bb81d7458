"""The full-text search index: one set of tables per database (see practices/search.py).

PostgreSQL: the stored `search_vector` with its GIN index, and `practices_search_word`, the
vocabulary for correcting misspelt words, with a trigram GIN index.
SQLite: the FTS5 table `practices_practice_fts` and, for corrections, `practices_practice_fts_words`
with its fts5vocab view `practices_practice_fts_vocab`. The column `search_vector` exists there
too but stays empty.

After migrating a database that already holds practices, run `practices.search.reindex()` once.
"""

import django.contrib.postgres.search
from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL that runs only on one database vendor, and is a no-op on the others."""

    def __init__(self, vendor, sql, reverse_sql, **kwargs):
        super().__init__(sql, reverse_sql, **kwargs)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_pg_trgm")]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        RunSQLOn(
            "postgresql",
            sql=[
                "CREATE INDEX practices_practice_search_vector_gin"
                " ON practices_practice USING gin (search_vector)",
                "CREATE TABLE practices_search_word (word text PRIMARY KEY)",
                "CREATE INDEX practices_search_word_trgm"
                " ON practices_search_word USING gin (word gin_trgm_ops)",
            ],
            reverse_sql=[
                "DROP TABLE practices_search_word",
                "DROP INDEX practices_practice_search_vector_gin",
            ],
        ),
        RunSQLOn(
            "sqlite",
            sql=[
                "CREATE VIRTUAL TABLE practices_practice_fts USING fts5("
                "title, summary, keywords, body,"
                " tokenize='porter unicode61 remove_diacritics 2')",
                "CREATE VIRTUAL TABLE practices_practice_fts_words USING fts5("
                "words, detail=none, tokenize='unicode61 remove_diacritics 2')",
                "CREATE VIRTUAL TABLE practices_practice_fts_vocab"
                " USING fts5vocab(practices_practice_fts_words, row)",
            ],
            reverse_sql=[
                "DROP TABLE practices_practice_fts_vocab",
                "DROP TABLE practices_practice_fts_words",
                "DROP TABLE practices_practice_fts",
            ],
        ),
    ]
