"""Search on SQLite: the FTS5 table `practices_practice_fts(title, summary, keywords, body)`.

Porter stemming, ranked by bm25 with the column weights of PostgreSQL's vector, headlines by
highlight()/snippet(); database triggers keep the table current (see practices.search.index).
Misspellings: the rule of PostgreSQL, with candidates from `practices_practice_fts_vocab`
(terms of public titles and keywords) compared with difflib.
"""

import difflib
import json

from django.db import connection
from django.db.models import F, FloatField, Func, TextField, Value
from django.db.models.expressions import RawSQL

from practices.search.index import FTS_TABLE, FTS_VOCAB_TABLE, PUBLIC, names
from practices.search.query import MARK_START, MARK_STOP, corrected, html_safe_headline

FTS_WEIGHTS = "10.0, 5.0, 3.0, 1.0"  # title, summary, keywords, body
SQLITE_CUTOFF = 0.8  # difflib ratio for a correction ("marocco"/"morocco" is 0.86)


def _fts5_expression(alternatives):
    """An FTS5 MATCH expression meaning the parsed query; every word is quoted.

    Words are letters and digits only, so no user text can act as an FTS5 operator.
    """

    def term(t):
        return '"' + " ".join(t.words) + '"'

    parts = []
    for terms in alternatives:
        expr = " AND ".join(term(t) for t in terms if not t.negated)
        negated = [term(t) for t in terms if t.negated]
        if negated:
            expr = f"({expr}) NOT ({' OR '.join(negated)})"
        parts.append(f"({expr})")
    return " OR ".join(parts)


class _FTSRow(Func):
    """A value FTS5 computes for the outer practice: a correlated subquery on its rowid.

    `template` holds {match} and {pk}. The practice's pk is a real column reference, so Django
    relabels it when the searched queryset is nested in another query (as the facet counts do).
    """

    def __init__(self, template, match, output_field):
        super().__init__(Value(match), F("pk"), output_field=output_field)
        self.template_sql = template

    def as_sql(self, compiler, connection, **extra_context):
        match_sql, match_params = compiler.compile(self.source_expressions[0])
        pk_sql, pk_params = compiler.compile(self.source_expressions[1])
        sql = self.template_sql.format(match=match_sql, pk=pk_sql)
        return f"({sql})", [*match_params, *pk_params]


# bm25 counts the documents of each phrase afresh for every FTS5 cursor, so it must run in one
# cursor for the whole result: hits are materialized once per statement, then looked up by rowid
# (a plain correlated bm25 per practice is quadratic: 18 s for 30,000 matches).
_RANK_SQL = (
    f"WITH hits AS MATERIALIZED (SELECT rowid AS id, -bm25({FTS_TABLE}, {FTS_WEIGHTS}) AS rank"  # noqa: S608
    f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {{match}})"
    " SELECT rank FROM hits WHERE id = {pk}"
)
_START, _STOP = f"char({ord(MARK_START)})", f"char({ord(MARK_STOP)})"
_SUMMARY = f"highlight({FTS_TABLE}, 1, {_START}, {_STOP})"
_BODY = f"snippet({FTS_TABLE}, 3, {_START}, {_STOP}, char(8230), 32)"
# The summary, unless only the body holds a matched word. Computed only for the rows fetched.
_HEADLINE_SQL = (
    f"SELECT CASE WHEN instr({_SUMMARY}, {_START}) = 0 AND instr({_BODY}, {_START}) > 0"  # noqa: S608
    f" THEN {_BODY} ELSE {_SUMMARY} END"
    f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {{match}} AND {FTS_TABLE}.rowid = {{pk}}"
)


def search(queryset, alternatives, corrections):
    match = _fts5_expression(alternatives)
    if corrections:
        match = f"{match} OR {_fts5_expression(corrected(alternatives, corrections))}"
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608, S611
    ).annotate(
        search_rank=_FTSRow(_RANK_SQL, match, FloatField()),
        search_headline=html_safe_headline(_FTSRow(_HEADLINE_SQL, match, TextField())),
    )


def corrections(words):
    """{misspelt word: correction} for the words no public practice contains."""
    n = names()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT w.value FROM json_each(%s) w WHERE NOT EXISTS (
                SELECT 1 FROM {FTS_TABLE} f CROSS JOIN {n["practice"]} p ON p.id = f.rowid
                WHERE {FTS_TABLE} MATCH '"' || w.value || '"'
                AND p.status = %s AND p.visibility = %s)
            """,  # noqa: S608
            [json.dumps(words), *PUBLIC],
        )
        unknown = [row[0] for row in cursor.fetchall()]
        if not unknown:
            return {}
        lengths = [len(w) for w in unknown]
        cursor.execute(
            f"SELECT term FROM {FTS_VOCAB_TABLE} WHERE length(term) BETWEEN %s AND %s",  # noqa: S608
            [min(lengths) - 2, max(lengths) + 2],
        )
        vocabulary = [row[0] for row in cursor.fetchall() if row[0].isalpha()]
    found = {}
    for word in unknown:
        near = [v for v in vocabulary if abs(len(v) - len(word)) <= 2 and v != word]
        best = difflib.get_close_matches(word, near, n=1, cutoff=SQLITE_CUTOFF)
        if best:
            found[word] = best[0]
    return found
