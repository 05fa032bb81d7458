"""The search index, kept current by the database itself.

Triggers, installed by a migration (and again by `manage.py reindex_search`), index a practice
whenever it is written and whenever its tags, countries or objectives change or are renamed —
through the site, the admin, the loader, `loaddata` or raw SQL alike — so no writer has to
remember a call. The rule is written once, here, for both databases:

- PostgreSQL: a BEFORE trigger on the practice row computes `search_vector` (title A, summary
  B, tag, country and objective names C, the other texts D) and adds the words of a public,
  published practice to `practices_search_word`, the vocabulary of corrections.
- SQLite: AFTER triggers rewrite the practice's rows of the FTS5 tables `practices_practice_fts`
  and (public, published practices only) `practices_practice_fts_words`.
- On both, a change of a link table or a rename "touches" the practices concerned
  (`SET search_vector = NULL`), which fires the practice trigger; and every write of practices
  adds a row to `practices_search_change`, whose count and last id are the content version the
  data package is keyed on. Rows, so a reader sees a change only once it has committed;
  inserted, never updated, so concurrent writers never wait for each other (one counter row
  would make them queue, and deadlock when two lock practices in opposite orders).

`rebuild()` reinstalls the triggers and reindexes everything (after a restore made without
them, say); the vocabulary only grows between rebuilds, and a stale word is never suggested,
since a correction must match a public practice.
"""

from django.db import connection, transaction

from practices.models import Practice, Status, Visibility

FTS_TABLE = "practices_practice_fts"
FTS_WORDS_TABLE = "practices_practice_fts_words"
FTS_VOCAB_TABLE = "practices_practice_fts_vocab"
WORD_TABLE = "practices_search_word"
CHANGE_TABLE = "practices_search_change"
PUBLIC = [Status.PUBLISHED.value, Visibility.PUBLIC.value]
BODY_FIELDS = ("body", "problem", "results", "lessons", "adaptation")
# A write of any of these columns reindexes the practice (search_vector: a "touch").
INDEXED_COLUMNS = ("title", "summary", *BODY_FIELDS, "status", "visibility", "search_vector")
MIN_VOCABULARY_LENGTH = 4  # as practices.search.query.MIN_CORRECTED_LENGTH
LARGE_TABLES = ("practice", "tagged", "practice_countries", "practice_objectives")

# Every SQL string in this module is built from the models' table and column names and module
# constants only; no user text ever reaches it (hence the "noqa: S608").


def names():
    """The quoted names of the tables and columns the index reads, from the models."""
    q = connection.ops.quote_name
    tagged = Practice._meta.get_field("tags").remote_field.through
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


def _links(n):
    """(key, link table, its practice column, its other column, the named table, name columns).

    The names a practice is found by: its tags, countries and objectives.
    """
    return [
        ("tag", n["tagged"], n["tagged_practice"], n["tagged_tag"], n["tag"], ["name"]),
        ("country", n["practice_countries"], n["pc_practice"], n["pc_country"], n["country"],
         ["name"]),
        ("objective", n["practice_objectives"], n["po_practice"], n["po_objective"],
         n["objective"], ["title", "short_label"]),
    ]  # fmt: skip


def _keyword_sql(n, aggregate, practice_id):
    """Tag, country and objective names of one practice, as three scalar subqueries."""
    subqueries = []
    for _, link, owner, target, named, columns in _links(n):
        name = " || ' ' || ".join(f"x.{c}" for c in columns)
        subqueries.append(
            f"(SELECT {aggregate.format(name)} FROM {link} l"  # noqa: S608
            f" JOIN {named} x ON x.id = l.{target} WHERE l.{owner} = {practice_id})"
        )
    return subqueries


def _public(row):
    return f"{row}.status = '{PUBLIC[0]}' AND {row}.visibility = '{PUBLIC[1]}'"


def _touch(n, where):
    """Reindex the practices matching `where` by firing their row trigger."""
    return f"UPDATE {n['practice']} SET search_vector = NULL WHERE {where};"  # noqa: S608


def _advance(*, pg):
    """Record a change (SQLite: DEFAULT VALUES is not allowed in a trigger; NULL takes the
    next id)."""
    return f"INSERT INTO {CHANGE_TABLE} (id) VALUES ({'DEFAULT' if pg else 'NULL'})"  # noqa: S608


def _linked(link, owner, target):
    """Which practices a renamed tag, country or objective (NEW) is linked to."""
    return f"id IN (SELECT {owner} FROM {link} WHERE {target} = NEW.id)"  # noqa: S608


# PostgreSQL


def _pg_words(source, table=""):
    """INSERT the words of `source` (SQL text, over the rows of `table` if given) into the
    vocabulary of corrections."""
    rows = f"{table} CROSS JOIN LATERAL " if table else ""
    return f"""
        INSERT INTO {WORD_TABLE} (word)
        SELECT DISTINCT w.word
        FROM {rows}unnest(tsvector_to_array(to_tsvector('simple', {source}))) AS w(word)
        WHERE w.word ~ '^[[:alpha:]]{{{MIN_VOCABULARY_LENGTH},}}$'
        ON CONFLICT (word) DO NOTHING;"""  # noqa: S608


def _pg_install(n):
    # Names in a fixed order, so that the same practice always gets the same vector (a restored
    # backup compares equal, row for row).
    tags, countries, objectives = _keyword_sql(n, "string_agg({0}, ' ' ORDER BY {0})", "pid")
    body = ", ".join(f"NEW.{f}" for f in BODY_FIELDS)
    statements = [
        f"CREATE TABLE IF NOT EXISTS {CHANGE_TABLE} (id bigserial PRIMARY KEY)",
        f"""CREATE OR REPLACE FUNCTION practices_search_keywords(pid bigint) RETURNS text
            LANGUAGE sql STABLE AS $$
              SELECT concat_ws(' ', {tags}, {countries}, {objectives}) $$""",  # noqa: S608
        f"""CREATE OR REPLACE FUNCTION practices_search_tag_names(pid bigint) RETURNS text
            LANGUAGE sql STABLE AS $$ SELECT {tags} $$""",
        f"""CREATE OR REPLACE FUNCTION practices_search_index() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN
              NEW.search_vector :=
                setweight(to_tsvector('english', NEW.title), 'A')
                || setweight(to_tsvector('english', NEW.summary), 'B')
                || setweight(to_tsvector('english', practices_search_keywords(NEW.id)), 'C')
                || setweight(to_tsvector('english', concat_ws(' ', {body})), 'D');
              IF {_public("NEW")} THEN
                {_pg_words("concat_ws(' ', NEW.title, practices_search_tag_names(NEW.id))")}
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION practices_search_advance() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN
              {_advance(pg=True)};
              RETURN NULL;
            END $$""",  # noqa: S608
        f"""CREATE TRIGGER practices_search_index
            BEFORE INSERT OR UPDATE OF {", ".join(INDEXED_COLUMNS)} ON {n["practice"]}
            FOR EACH ROW EXECUTE FUNCTION practices_search_index()""",
        f"""CREATE TRIGGER practices_search_advance
            AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {n["practice"]}
            FOR EACH STATEMENT EXECUTE FUNCTION practices_search_advance()""",
    ]
    for key, link, owner, target, named, columns in _links(n):
        statements += [
            f"""CREATE OR REPLACE FUNCTION practices_search_link_{key}() RETURNS trigger
                LANGUAGE plpgsql AS $$ BEGIN
                  IF TG_OP <> 'INSERT' THEN {_touch(n, f"id = OLD.{owner}")} END IF;
                  IF TG_OP <> 'DELETE' THEN {_touch(n, f"id = NEW.{owner}")} END IF;
                  RETURN NULL;
                END $$""",
            f"""CREATE TRIGGER practices_search_link_{key}
                AFTER INSERT OR UPDATE OR DELETE ON {link}
                FOR EACH ROW EXECUTE FUNCTION practices_search_link_{key}()""",
        ]
        named_text = " || ' ' || ".join(f"NEW.{c}" for c in columns)
        # Tags enter the vocabulary with their public practices; countries and objectives
        # (a few dozen) always.
        words = _pg_words(named_text) if key != "tag" else ""
        linked = _linked(link, owner, target)
        statements += [
            f"""CREATE OR REPLACE FUNCTION practices_search_name_{key}() RETURNS trigger
                LANGUAGE plpgsql AS $$ BEGIN
                  IF TG_OP = 'UPDATE' THEN
                    {_touch(n, linked)}
                  END IF;
                  {words}
                  RETURN NULL;
                END $$""",
            f"""CREATE TRIGGER practices_search_name_{key}
                AFTER INSERT OR UPDATE OF {", ".join(columns)} ON {named}
                FOR EACH ROW EXECUTE FUNCTION practices_search_name_{key}()""",
        ]
    return statements


def _pg_uninstall(n):
    triggers = [("practices_search_index", n["practice"]),
                ("practices_search_advance", n["practice"])]  # fmt: skip
    for key, link, _, _, named, _ in _links(n):
        triggers += [
            (f"practices_search_link_{key}", link),
            (f"practices_search_name_{key}", named),
        ]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in triggers]


def _pg_rebuild(n, cursor):
    tables = ", ".join(n[key] for key in LARGE_TABLES)
    # A rebuild usually follows a bulk load, before autovacuum has gathered statistics;
    # without them the planner turns this into minutes.
    cursor.execute(f"ANALYZE {tables}")
    cursor.execute(f"DELETE FROM {WORD_TABLE}")  # noqa: S608
    cursor.execute(_touch(n, "TRUE"))  # the vectors, and the words of public practices
    for key, _, _, _, named, columns in _links(n):
        if key != "tag":
            cursor.execute(_pg_words(" || ' ' || ".join(f"x.{c}" for c in columns), f"{named} x"))
    cursor.execute(f"ANALYZE {n['practice']}")  # statistics of the new vectors


# SQLite: no functions in the database, so each trigger holds the statements it runs.


def _unmarked(sql):
    """Headlines are cut from these columns: no text may pose as a marker."""
    from practices.search.query import MARK_START, MARK_STOP

    return f"replace(replace({sql}, char({ord(MARK_START)}), ''), char({ord(MARK_STOP)}), '')"


def _sqlite_refresh(n, practice_id):
    tags, countries, objectives = _keyword_sql(n, "group_concat({}, ' ')", "p.id")
    keywords = " || ' ' || ".join(f"coalesce({s}, '')" for s in (tags, countries, objectives))
    body = "trim(" + " || ' ' || ".join(f"p.{f}" for f in BODY_FIELDS) + ")"
    return f"""
        DELETE FROM {FTS_TABLE} WHERE rowid = {practice_id};
        DELETE FROM {FTS_WORDS_TABLE} WHERE rowid = {practice_id};
        INSERT INTO {FTS_TABLE} (rowid, title, summary, keywords, body)
        SELECT p.id, p.title, {_unmarked("p.summary")}, {keywords}, {_unmarked(body)}
        FROM {n["practice"]} p WHERE p.id = {practice_id};
        INSERT INTO {FTS_WORDS_TABLE} (rowid, words)
        SELECT f.rowid, f.title || ' ' || f.keywords
        FROM {FTS_TABLE} f JOIN {n["practice"]} p ON p.id = f.rowid
        WHERE f.rowid = {practice_id} AND {_public("p")};"""  # noqa: S608


def _sqlite_install(n):
    advance = _advance(pg=False) + ";"
    forget = " ".join(
        f"DELETE FROM {table} WHERE rowid = OLD.id;"  # noqa: S608
        for table in (FTS_TABLE, FTS_WORDS_TABLE)
    )
    statements = [
        # AUTOINCREMENT: an id is never given twice, even after the rows are compacted.
        f"CREATE TABLE IF NOT EXISTS {CHANGE_TABLE} (id integer PRIMARY KEY AUTOINCREMENT)",
        f"""CREATE TRIGGER practices_search_insert AFTER INSERT ON {n["practice"]}
            BEGIN {_sqlite_refresh(n, "NEW.id")} {advance} END""",
        f"""CREATE TRIGGER practices_search_index
            AFTER UPDATE OF {", ".join(INDEXED_COLUMNS)} ON {n["practice"]}
            BEGIN {_sqlite_refresh(n, "NEW.id")} END""",
        f"""CREATE TRIGGER practices_search_advance AFTER UPDATE ON {n["practice"]}
            BEGIN {advance} END""",
        f"""CREATE TRIGGER practices_search_delete AFTER DELETE ON {n["practice"]}
            BEGIN {forget} {advance} END""",
    ]
    for key, link, owner, target, named, columns in _links(n):
        linked = _linked(link, owner, target)
        statements += [
            f"""CREATE TRIGGER practices_search_link_{key}_insert AFTER INSERT ON {link}
                BEGIN {_touch(n, f"id = NEW.{owner}")} END""",
            f"""CREATE TRIGGER practices_search_link_{key}_delete AFTER DELETE ON {link}
                BEGIN {_touch(n, f"id = OLD.{owner}")} END""",
            f"""CREATE TRIGGER practices_search_link_{key}_update AFTER UPDATE ON {link}
                BEGIN {_touch(n, f"id IN (OLD.{owner}, NEW.{owner})")} END""",
            f"""CREATE TRIGGER practices_search_name_{key} AFTER UPDATE OF {", ".join(columns)}
                ON {named}
                BEGIN {_touch(n, linked)} END""",
        ]
    return statements


def _sqlite_triggers():
    names_ = ["practices_search_insert", "practices_search_index", "practices_search_advance",
              "practices_search_delete"]  # fmt: skip
    for key in ("tag", "country", "objective"):
        names_ += [f"practices_search_link_{key}_{op}" for op in ("insert", "delete", "update")]
        names_.append(f"practices_search_name_{key}")
    return names_


def _sqlite_uninstall(n):
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_triggers()]


def _sqlite_rebuild(n, cursor):
    for table in (FTS_TABLE, FTS_WORDS_TABLE):
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    cursor.execute(_touch(n, "1"))
    for table in (FTS_TABLE, FTS_WORDS_TABLE):
        cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608


# Both


def _execute(using, *, drop, create):
    pg = using.vendor == "postgresql"
    statements = []
    if drop:
        statements += (_pg_uninstall if pg else _sqlite_uninstall)(names())
    if create:
        statements += (_pg_install if pg else _sqlite_install)(names())
    with using.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(using=connection):
    """(Re)create the triggers that keep the index current; safe to run again."""
    _execute(using, drop=True, create=True)


def uninstall(using=connection):
    """Drop the triggers (the index then stays as it is until `rebuild()`)."""
    _execute(using, drop=True, create=False)


def rebuild(using=connection):
    """Reinstall the triggers and index every practice afresh."""
    with transaction.atomic(using=using.alias):
        install(using)
        with using.cursor() as cursor:
            if using.vendor == "postgresql":
                _pg_rebuild(names(), cursor)
            else:
                _sqlite_rebuild(names(), cursor)
            # Compacted to one row: its id is larger than any before, so the version is new.
            cursor.execute(f"DELETE FROM {CHANGE_TABLE}")  # noqa: S608
            cursor.execute(_advance(pg=using.vendor == "postgresql"))


def touch(practice_ids):
    """Index these practices again now (the triggers do it on every write anyway)."""
    ids = sorted({int(pk) for pk in practice_ids})
    if ids:
        Practice.objects.filter(pk__in=ids).update(search_vector=None)


def content_version(using=connection):
    """A string that changes, once the write commits, whenever practices are written.

    The count tells apart two writes that commit in another order than they took their ids.
    """
    with using.cursor() as cursor:
        cursor.execute(f"SELECT count(*), max(id) FROM {CHANGE_TABLE}")  # noqa: S608
        count, last = cursor.fetchone()
    return f"{count}-{last or 0}"
