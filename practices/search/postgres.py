"""Search on PostgreSQL: the stored, weighted `search_vector` with its GIN index.

The vector (config english) weights the title A, the summary B, tag, country and objective names
C, the body and other texts D; database triggers keep it current (see practices.search.index).
Misspellings: a query word that no public practice contains is looked up, by pg_trgm
similarity, in `practices_search_word` (words of public titles and tags, country and objective
names; trigram GIN index) and the search runs with "original OR corrected".
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat, StrIndex
from django.db.models.lookups import GreaterThan

from practices.search.index import PUBLIC, WORD_TABLE, names
from practices.search.query import HTML_ESCAPES, corrected, replace_all


def _websearch_text(alternatives):
    """A websearch_to_tsquery string meaning exactly the parsed query."""

    def term(t):
        text = t.words[0] if len(t.words) == 1 else '"' + " ".join(t.words) + '"'
        return "-" + text if t.negated else text

    return " or ".join(" ".join(term(t) for t in terms) for terms in alternatives)


def _query(alternatives, corrections):
    query = SearchQuery(_websearch_text(alternatives), search_type="websearch", config="english")
    if corrections:
        respelt = _websearch_text(corrected(alternatives, corrections))
        query |= SearchQuery(respelt, search_type="websearch", config="english")
    return query


def search(queryset, alternatives, corrections):
    query = _query(alternatives, corrections)
    # Ranked by the wanted words only: ts_rank scores a match of "a & !b" near zero.
    wanted = [[t for t in terms if not t.negated] for terms in alternatives]
    rank_query = _query(wanted, corrections)
    # Escaped before ts_headline cuts it: the parser keeps entities (&lt;) whole, so the only
    # markup in the result is the <mark> ts_headline adds. (Escaping after would lose text:
    # ts_headline drops whatever looks like a tag.)
    text = replace_all(
        Concat("summary", Value(" "), "body", output_field=TextField()), HTML_ESCAPES
    )
    headline = SearchHeadline(
        text,
        query,
        config="english",
        start_sel="<mark>",
        stop_sel="</mark>",
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    # Matched only through the title or keywords: the whole summary reads better than its
    # first few words, which is what ts_headline gives.
    headline = Case(
        When(GreaterThan(StrIndex(headline, Value("<mark>")), 0), then=headline),
        default=replace_all(F("summary"), HTML_ESCAPES),
        output_field=TextField(),
    )
    return queryset.filter(search_vector=query).annotate(
        search_rank=SearchRank(F("search_vector"), rank_query),
        search_headline=headline,
    )


def corrections(words):
    """{misspelt word: correction} for the words no public practice contains."""
    n = names()
    public = "p.status = %s AND p.visibility = %s"
    sql = f"""
        SELECT q.word, (
            SELECT v.word FROM {WORD_TABLE} v
            WHERE v.word %% q.word AND v.word <> q.word AND EXISTS (
                SELECT 1 FROM {n["practice"]} p
                WHERE {public} AND p.search_vector @@ plainto_tsquery('english', v.word))
            ORDER BY similarity(v.word, q.word) DESC, v.word
            LIMIT 1)
        FROM unnest(%s::text[]) AS q(word)
        WHERE NOT EXISTS (
            SELECT 1 FROM {n["practice"]} p
            WHERE {public} AND p.search_vector @@ plainto_tsquery('english', q.word))
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*PUBLIC, words, *PUBLIC])
        return {word: fixed for word, fixed in cursor.fetchall() if fixed}
