"""Full-text search over practices, one backend per database, one interface for the views.

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
    reindex(practice_ids=None) -> None
        Bring the index up to date for these practices (all when None), in a few set-based
        statements. Call it after every write of a practice, its tags, countries or objectives
        (the admin, the workflow and the loader do), and once after migrating a database that
        already holds practices: a practice never reindexed is not found.
    backend_name() -> "postgresql" | "sqlite"

Query syntax, as PostgreSQL's websearch_to_tsquery: words are ANDed, "exact phrase", -exclude,
and `or` between words. OR binds loosest (`a b or c` is `(a and b) or c`); a part of the query
with nothing but exclusions or stop words matches nothing, on both backends alike.

PostgreSQL: `Practice.search_vector`, a stored tsvector (config english) weighting the title A,
the summary B, tag, country and objective names C, the body and other texts D, with a GIN index.
Misspellings: a query word that no public practice contains is looked up, by pg_trgm
similarity, in `practices_search_word` (words of public titles and tags, country and objective
names; trigram GIN index) and the search runs with "original OR corrected".

SQLite: the FTS5 table `practices_practice_fts(title, summary, keywords, body)` (porter
stemming) ranked by bm25 with the same column weights, headlines by highlight()/snippet().
Misspellings: the same rule, with candidates from `practices_practice_fts_vocab` (terms of public
titles and keywords) compared with difflib.

Only public, published practices feed the vocabulary and decide whether a word is "known", so a
suggestion never reveals a word of a draft or members-only practice.
"""

import difflib
import json
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, connections, transaction
from django.db.models import Case, F, FloatField, Func, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Replace, StrIndex
from django.db.models.lookups import GreaterThan

from practices import listing_cache
from practices.models import Practice, Status, Visibility

# SQLite's headline markers: private-use characters, turned into <mark> only after the snippet
# has been HTML-escaped. Any in the practice text are dropped from the headline first.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MAX_TERMS = 32  # terms of a query beyond this are ignored
MAX_WORD_LENGTH = 100  # longer "words" are noise, not search terms
MAX_CORRECTED_WORDS = 8
MIN_CORRECTED_LENGTH = 4  # shorter words have too few trigrams to correct reliably
SQLITE_CUTOFF = 0.8  # difflib ratio for a correction ("marocco"/"morocco" is 0.86)

FTS_TABLE = "practices_practice_fts"
FTS_WORDS_TABLE = "practices_practice_fts_words"
FTS_VOCAB_TABLE = "practices_practice_fts_vocab"
WORD_TABLE = "practices_search_word"
FTS_WEIGHTS = "10.0, 5.0, 3.0, 1.0"  # title, summary, keywords, body

# PostgreSQL's english stop words: dropped from the query on both backends alike.
_ENGLISH_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into
    through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split())

# Curly and angle quotes, as phones and word processors type them, quote phrases too.
_CHUNK = re.compile(r'(-?)(?:["“”„«»]([^"“”„«»]*)["“”„«»]?|([^\s"“”„«»]+))')
_WORD = re.compile(r"[^\W_]+")


def backend_name():
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


# The query language, parsed once and rendered for each backend.


@dataclass(frozen=True)
class Term:
    words: tuple  # one word, or the words of a phrase
    negated: bool = False


def parse(query):
    """The query as a list of alternatives (OR), each a list of Terms (AND).

    Alternatives with no positive term are dropped, as are stop words standing alone.
    """
    alternatives, current, count = [], [], 0
    for match in _CHUNK.finditer(str(query or "")):
        negated, phrase, bare = bool(match[1]), match[2], match[3]
        text = phrase if phrase is not None else bare
        if phrase is None and not negated and text.lower() == "or":
            if current:
                alternatives.append(current)
            current = []
            continue
        words = tuple(w.lower() for w in _WORD.findall(text) if len(w) <= MAX_WORD_LENGTH)
        if not words or (len(words) == 1 and words[0] in STOP_WORDS):
            continue
        if count < MAX_TERMS:
            current.append(Term(words, negated))
            count += 1
    alternatives.append(current)
    return [terms for terms in alternatives if any(not t.negated for t in terms)]


def _websearch_text(alternatives):
    """A websearch_to_tsquery string meaning exactly the parsed query."""

    def term(t):
        text = t.words[0] if len(t.words) == 1 else '"' + " ".join(t.words) + '"'
        return "-" + text if t.negated else text

    return " or ".join(" ".join(term(t) for t in terms) for terms in alternatives)


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


def _corrected(alternatives, corrections):
    return [
        [
            Term(tuple(corrections.get(w, w) for w in t.words), t.negated) if not t.negated else t
            for t in terms
        ]
        for terms in alternatives
    ]


def _correctable_words(alternatives):
    words = []
    for terms in alternatives:
        for t in terms:
            if t.negated:
                continue
            words += [
                w
                for w in t.words
                if len(w) >= MIN_CORRECTED_LENGTH
                and w.isalpha()
                and w not in STOP_WORDS
                and w not in words
            ]
    return words[:MAX_CORRECTED_WORDS]


def _corrections(alternatives, vendor):
    """{misspelt word: correction} for the query's words that no public practice contains."""
    words = _correctable_words(alternatives)
    if not words:
        return {}
    if vendor == "postgresql":
        return _pg_corrections(words)
    return _sqlite_corrections(words)


# Headlines are HTML-escaped in SQL, so no practice text can inject markup: on SQLite after FTS5
# cuts the snippet (with private-use markers, turned into <mark> last), on PostgreSQL before
# ts_headline cuts it.


def _replace(expression, pairs):
    for old, new in pairs:
        expression = Replace(expression, Value(old), Value(new), output_field=TextField())
    return expression


# Escaped as django.utils.html.escape does.
HTML_ESCAPES = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")]


def _html_safe_headline(expression):
    """Escape a snippet cut with the private-use markers, then turn the markers into <mark>."""
    return _replace(
        _replace(expression, HTML_ESCAPES), [(MARK_START, "<mark>"), (MARK_STOP, "</mark>")]
    )


def search(queryset, query):
    """The practices of `queryset` matching `query`, ranked, with headlines (see module doc)."""
    alternatives = parse(query)
    if not alternatives:
        return queryset.annotate(
            search_rank=Value(0.0, output_field=FloatField()),
            search_headline=Value("", output_field=TextField()),
        ).none()
    vendor = connections[queryset.db].vendor
    corrections = _corrections(alternatives, vendor)
    if vendor == "postgresql":
        queryset = _pg_search(queryset, alternatives, corrections)
    else:
        queryset = _sqlite_search(queryset, alternatives, corrections)
    return queryset.order_by(F("search_rank").desc(), "title")


def suggest(query):
    """The query with its misspelt words corrected, or None (see module doc)."""
    alternatives = parse(query)
    if not alternatives:
        return None
    corrections = _corrections(alternatives, connection.vendor)
    if not corrections:
        return None

    def replace(match):
        word = match[0]
        fixed = corrections.get(word.lower())
        if fixed is None:
            return word
        if len(word) > 1 and word.isupper():
            return fixed.upper()
        return fixed[:1].upper() + fixed[1:] if word[:1].isupper() else fixed

    return " ".join(_WORD.sub(replace, str(query).replace("\x00", "")).split())


def reindex(practice_ids=None):
    """Bring the search index up to date for these practices (all when None)."""
    ids = None if practice_ids is None else sorted({int(pk) for pk in practice_ids})
    if ids == []:
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _pg_reindex(ids)
        else:
            _sqlite_reindex(ids)
        # Every write of a practice passes here: cached facet counts and totals are stale now,
        # and again once the write is visible to other connections (a reader in between may
        # have cached what it saw before the commit).
        listing_cache.invalidate()
        transaction.on_commit(listing_cache.invalidate)


# SQL shared by both backends: the names of tables and columns, from the models. Every SQL
# string in this module is built from these names and module constants only; user text always
# travels as a query parameter (hence the "noqa: S608").

LARGE_TABLES = ("practice", "tagged", "practice_countries", "practice_objectives")


def _names():
    q = connection.ops.quote_name
    tags = Practice._meta.get_field("tags")
    tagged = tags.remote_field.through
    countries = Practice._meta.get_field("countries")
    objectives = Practice._meta.get_field("objectives")
    return {
        "practice": q(Practice._meta.db_table),
        "tagged": q(tagged._meta.db_table),
        "tagged_practice": q(tagged._meta.get_field("content_object").column),
        "tagged_tag": q(tagged._meta.get_field("tag").column),
        "tag": q(tagged._meta.get_field("tag").related_model._meta.db_table),
        "practice_countries": q(countries.m2m_db_table()),
        "pc_practice": q(countries.m2m_column_name()),
        "pc_country": q(countries.m2m_reverse_name()),
        "country": q(countries.related_model._meta.db_table),
        "practice_objectives": q(objectives.m2m_db_table()),
        "po_practice": q(objectives.m2m_column_name()),
        "po_objective": q(objectives.m2m_reverse_name()),
        "objective": q(objectives.related_model._meta.db_table),
    }


def _keyword_sql(aggregate):
    """Tag, country and objective names of practice `p`, as three scalar subqueries."""
    n = _names()
    objective_names = "o.title || ' ' || o.short_label"
    return [
        f"(SELECT {aggregate.format('t.name')} FROM {n['tagged']} tp"  # noqa: S608
        f" JOIN {n['tag']} t ON t.id = tp.{n['tagged_tag']}"
        f" WHERE tp.{n['tagged_practice']} = p.id)",
        f"(SELECT {aggregate.format('c.name')} FROM {n['practice_countries']} pc"  # noqa: S608
        f" JOIN {n['country']} c ON c.id = pc.{n['pc_country']}"
        f" WHERE pc.{n['pc_practice']} = p.id)",
        f"(SELECT {aggregate.format(objective_names)} FROM {n['practice_objectives']} po"  # noqa: S608
        f" JOIN {n['objective']} o ON o.id = po.{n['po_objective']}"
        f" WHERE po.{n['po_practice']} = p.id)",
    ]


BODY_FIELDS = ("body", "problem", "results", "lessons", "adaptation")
PUBLIC = [Status.PUBLISHED.value, Visibility.PUBLIC.value]


# PostgreSQL


def _pg_query(alternatives, corrections):
    query = SearchQuery(_websearch_text(alternatives), search_type="websearch", config="english")
    if corrections:
        corrected = _websearch_text(_corrected(alternatives, corrections))
        query |= SearchQuery(corrected, search_type="websearch", config="english")
    return query


def _pg_search(queryset, alternatives, corrections):
    query = _pg_query(alternatives, corrections)
    # Ranked by the wanted words only: ts_rank scores a match of "a & !b" near zero.
    wanted = [[t for t in terms if not t.negated] for terms in alternatives]
    rank_query = _pg_query(wanted, corrections)
    # Escaped before ts_headline cuts it: the parser keeps entities (&lt;) whole, so the only
    # markup in the result is the <mark> ts_headline adds. (Escaping after would lose text:
    # ts_headline drops whatever looks like a tag.)
    text = _replace(Concat("summary", Value(" "), "body", output_field=TextField()), HTML_ESCAPES)
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
        default=_replace(F("summary"), HTML_ESCAPES),
        output_field=TextField(),
    )
    return queryset.filter(search_vector=query).annotate(
        search_rank=SearchRank(F("search_vector"), rank_query),
        search_headline=headline,
    )


def _pg_corrections(words):
    n = _names()
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


def _pg_reindex(ids):
    n = _names()
    # Names in a fixed order, so that the same practice always gets the same vector (a restored
    # backup compares equal, row for row).
    tags, countries, objectives = _keyword_sql("string_agg({0}, ' ' ORDER BY {0})")
    only = "" if ids is None else "AND p.id = ANY(%s)"
    params = [] if ids is None else [ids]
    body = ", ".join(f"p.{f}" for f in BODY_FIELDS)
    tables = ", ".join(n[key] for key in LARGE_TABLES)
    with connection.cursor() as cursor:
        if ids is None:
            # A full reindex usually follows a bulk load, before autovacuum has gathered
            # statistics; without them the planner turns this into minutes.
            cursor.execute(f"ANALYZE {tables}")
        cursor.execute(
            f"""
            UPDATE {n["practice"]} AS p SET search_vector =
                setweight(to_tsvector('english', p.title), 'A')
                || setweight(to_tsvector('english', p.summary), 'B')
                || setweight(to_tsvector('english',
                    concat_ws(' ', {tags}, {countries}, {objectives})), 'C')
                || setweight(to_tsvector('english', concat_ws(' ', {body})), 'D')
            WHERE TRUE {only}
            """,  # noqa: S608
            params,
        )
        if ids is None:
            cursor.execute(f"DELETE FROM {WORD_TABLE}")  # noqa: S608
        # The vocabulary only grows between full reindexes; a stale word is never suggested,
        # since a correction must match a public practice.
        cursor.execute(
            f"""
            INSERT INTO {WORD_TABLE} (word)
            SELECT DISTINCT w.word FROM (
                SELECT unnest(tsvector_to_array(
                    to_tsvector('simple', concat_ws(' ', p.title, {tags})))) AS word
                FROM {n["practice"]} p WHERE p.status = %s AND p.visibility = %s {only}
                UNION ALL
                SELECT unnest(tsvector_to_array(to_tsvector('simple', c.name)))
                FROM {n["country"]} c
                UNION ALL
                SELECT unnest(tsvector_to_array(
                    to_tsvector('simple', o.title || ' ' || o.short_label)))
                FROM {n["objective"]} o
            ) AS w
            WHERE w.word ~ '^[[:alpha:]]{{{MIN_CORRECTED_LENGTH},}}$'
            ON CONFLICT (word) DO NOTHING
            """,  # noqa: S608
            [*PUBLIC, *params],
        )
        if ids is None:
            cursor.execute(f"ANALYZE {n['practice']}")  # statistics of the new vectors


# SQLite


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


def _sqlite_search(queryset, alternatives, corrections):
    match = _fts5_expression(alternatives)
    if corrections:
        match = f"{match} OR {_fts5_expression(_corrected(alternatives, corrections))}"
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608, S611
    ).annotate(
        search_rank=_FTSRow(_RANK_SQL, match, FloatField()),
        search_headline=_html_safe_headline(_FTSRow(_HEADLINE_SQL, match, TextField())),
    )


def _sqlite_corrections(words):
    n = _names()
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
    corrections = {}
    for word in unknown:
        near = [v for v in vocabulary if abs(len(v) - len(word)) <= 2 and v != word]
        best = difflib.get_close_matches(word, near, n=1, cutoff=SQLITE_CUTOFF)
        if best:
            corrections[word] = best[0]
    return corrections


def _sqlite_reindex(ids):
    n = _names()
    tags, countries, objectives = _keyword_sql("group_concat({}, ' ')")
    keywords = " || ' ' || ".join(f"coalesce({s}, '')" for s in (tags, countries, objectives))
    body = "trim(" + " || ' ' || ".join(f"p.{f}" for f in BODY_FIELDS) + ")"

    def unmarked(sql):  # headlines are cut from these columns: no text may pose as a marker
        return f"replace(replace({sql}, char({ord(MARK_START)}), ''), char({ord(MARK_STOP)}), '')"

    if ids is None:
        only, params = "", []
    else:
        only, params = "AND p.id IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]
    with connection.cursor() as cursor:
        for table in (FTS_TABLE, FTS_WORDS_TABLE):
            if ids is None:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            else:
                cursor.execute(
                    f"DELETE FROM {table} WHERE rowid IN (SELECT value FROM json_each(%s))",  # noqa: S608
                    params,
                )
        cursor.execute(
            f"""
            INSERT INTO {FTS_TABLE} (rowid, title, summary, keywords, body)
            SELECT p.id, p.title, {unmarked("p.summary")}, {keywords}, {unmarked(body)}
            FROM {n["practice"]} p WHERE 1 {only}
            """,  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO {FTS_WORDS_TABLE} (rowid, words)
            SELECT f.rowid, f.title || ' ' || f.keywords
            FROM {FTS_TABLE} f JOIN {n["practice"]} p ON p.id = f.rowid
            WHERE p.status = %s AND p.visibility = %s {only}
            """,  # noqa: S608
            [*PUBLIC, *params],
        )
        if ids is None:
            for table in (FTS_TABLE, FTS_WORDS_TABLE):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608
