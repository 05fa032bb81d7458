"""Full-text search over practices: one interface for the views, one backend per database.

    search(queryset, query) -> QuerySet
        `queryset` restricted to the practices matching `query`, its filters kept, annotated with
        `search_rank` (float, higher is better) and `search_headline` (a snippet of the summary or
        body, HTML-escaped, matched words in <mark>…</mark>: safe to print with |safe), ordered
        by rank then title. Lazy like any QuerySet (count, slicing, prefetch_related,
        values_list and use as a subquery all work); it runs one or two small queries at once to
        correct misspelt words. Never raises on user input: a query with no searchable word gives
        an empty result.
    suggest(query) -> str | None
        "Did you mean": the query with misspelt words corrected ("trafiking Marocco" gives
        "trafficking Morocco"), or None when every word is found or nothing similar is known.
    reindex() -> None
        Reinstall the index's triggers and rebuild it whole (`manage.py reindex_search`).
        Writers never call it: the database keeps the index current (see `index`).
    content_version() -> str
        Changes whenever practices are written (once the write has committed).
    backend_name() -> "postgresql" | "sqlite"

Only public, published practices feed the vocabulary and decide whether a word is "known", so a
suggestion never reveals a word of a draft or members-only practice.

Modules: `query` parses the search language (both backends), `postgres` and `sqlite` are the
backends, `index` keeps the index current with database triggers. No URL is served here: the
listing (practices.browse) calls `search()` and `suggest()`.
"""

from django.db import connection, connections
from django.db.models import F, FloatField, TextField, Value

from practices.search import index, postgres, sqlite
from practices.search.query import correctable_words, parse, respell

BACKENDS = {"postgresql": postgres, "sqlite": sqlite}


def backend_name(using=None):
    vendor = (using or connection).vendor
    return "postgresql" if vendor == "postgresql" else "sqlite"


def _backend(using=None):
    return BACKENDS[backend_name(using)]


def _corrections(alternatives, backend):
    """{misspelt word: correction} for the query's words that no public practice contains."""
    words = correctable_words(alternatives)
    return backend.corrections(words) if words else {}


def search(queryset, query):
    """The practices of `queryset` matching `query`, ranked, with headlines (see module doc)."""
    alternatives = parse(query)
    if not alternatives:
        return queryset.annotate(
            search_rank=Value(0.0, output_field=FloatField()),
            search_headline=Value("", output_field=TextField()),
        ).none()
    backend = _backend(connections[queryset.db])
    corrections = _corrections(alternatives, backend)
    queryset = backend.search(queryset, alternatives, corrections)
    return queryset.order_by(F("search_rank").desc(), "title")


def suggest(query):
    """The query with its misspelt words corrected, or None (see module doc)."""
    alternatives = parse(query)
    if not alternatives:
        return None
    corrections = _corrections(alternatives, _backend())
    return respell(query, corrections) if corrections else None


def reindex(practice_ids=None):
    """Rebuild the whole index (None), or index these practices again now.

    Writers need not call it: triggers index every write. The rebuild is for a database whose
    triggers were missing (a restore made without them) and after a bulk load, for speed.
    """
    if practice_ids is None:
        index.rebuild()
    else:
        index.touch(practice_ids)


content_version = index.content_version
