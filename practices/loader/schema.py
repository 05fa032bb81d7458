"""The schema of the workshop data file: what it may contain, and the messages when it does not.

Each kind of record is a table of `key: (type, default)`; `check()` checks a record's keys and
value types against its table and fills in the defaults, and `read_workshop_file()` turns every
way the file itself can fail (missing, unreadable, not UTF-8, not TOML) into a WorkshopDataError.
Nothing here touches the database: the sync (sync.py) writes what this module let through.
"""

import datetime as dt
import tomllib
from collections.abc import Callable
from typing import Any, NamedTuple

from cop.models import Presentation
from practices.models import Practice

FORMAT = 1


class WorkshopDataError(Exception):
    """The data file cannot be loaded as it stands; the message says where and why."""


# --- the shape of the file -----------------------------------------------------------------


class _Type(NamedTuple):
    accepts: Callable[[Any], bool]
    description: str


def _is_int(value):
    # TOML booleans are Python bools, which are ints too; a flag is never a number here.
    return isinstance(value, int) and not isinstance(value, bool)


TEXT = _Type(lambda v: isinstance(v, str), "a string")
INT = _Type(_is_int, "a whole number")
NUMBER = _Type(lambda v: _is_int(v) or isinstance(v, float), "a number")
BOOL = _Type(lambda v: isinstance(v, bool), "true or false")
DATE = _Type(
    lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime), "a date like 2019-05-20"
)
DATETIME = _Type(
    lambda v: isinstance(v, dt.datetime) and v.tzinfo is not None,
    "a date and time with a UTC offset, like 2019-05-21T12:00:00Z",
)
TEXTS = _Type(
    lambda v: isinstance(v, list) and all(TEXT.accepts(i) for i in v), "a list of strings"
)
INTS = _Type(lambda v: isinstance(v, list) and all(_is_int(i) for i in v), "a list of numbers")
TABLE = _Type(lambda v: isinstance(v, dict), "a table")
TABLES = _Type(
    lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v), "a list of tables"
)

REQUIRED = object()

# key: (type, default). An optional key left out takes its default, so deleting a line from the
# file clears that field in the database: the file is the source of truth for what it lists.
TOP_LEVEL = {
    "format": (INT, REQUIRED), "practice_defaults": (TABLE, {}), "regions": (TABLES, []),
    "phases": (TABLES, []), "countries": (TABLES, []), "objectives": (TABLES, []),
    "themes": (TABLES, []), "organisations": (TABLES, []), "event": (TABLE, REQUIRED),
    "practices": (TABLES, []), "retired_practices": (TEXTS, []),
}  # fmt: skip
REGION = {"slug": (TEXT, REQUIRED), "name": (TEXT, REQUIRED), "order": (INT, 0)}
PHASE = {
    "slug": (TEXT, REQUIRED), "name": (TEXT, REQUIRED), "start_year": (INT, REQUIRED),
    "end_year": (INT, REQUIRED), "description": (TEXT, ""),
}  # fmt: skip
COUNTRY = {
    "slug": (TEXT, REQUIRED), "name": (TEXT, REQUIRED), "official_name": (TEXT, ""),
    "iso_code": (TEXT, REQUIRED), "region": (TEXT, REQUIRED), "phases": (TEXTS, []),
    "context": (TEXT, ""),
}  # fmt: skip
OBJECTIVE = {
    "number": (INT, REQUIRED), "slug": (TEXT, REQUIRED), "title": (TEXT, REQUIRED),
    "short_label": (TEXT, REQUIRED), "description": (TEXT, ""),
}  # fmt: skip
THEME = {
    "number": (INT, REQUIRED), "slug": (TEXT, REQUIRED), "name": (TEXT, REQUIRED),
    "description": (TEXT, ""),
}  # fmt: skip
ORGANISATION = {
    "slug": (TEXT, REQUIRED), "name": (TEXT, REQUIRED), "acronym": (TEXT, ""),
    "kind": (TEXT, REQUIRED), "country": (TEXT, None),
}  # fmt: skip
EVENT = {
    "slug": (TEXT, REQUIRED), "title": (TEXT, REQUIRED), "subtitle": (TEXT, ""),
    "start_date": (DATE, REQUIRED), "end_date": (DATE, REQUIRED), "venue": (TEXT, REQUIRED),
    "city": (TEXT, REQUIRED), "country": (TEXT, None), "summary": (TEXT, REQUIRED),
    "aims": (TEXTS, []), "outcome": (TEXT, ""), "figures": (TABLES, []), "sessions": (TABLES, []),
}  # fmt: skip
FIGURE = {
    "label": (TEXT, REQUIRED), "value": (NUMBER, REQUIRED), "unit": (TEXT, REQUIRED),
    "group": (TEXT, ""),
}  # fmt: skip
SESSION = {
    "slug": (TEXT, REQUIRED), "kind": (TEXT, REQUIRED), "number": (INT, None),
    "title": (TEXT, REQUIRED), "objectives": (INTS, []), "moderator_name": (TEXT, ""),
    "moderator_role": (TEXT, ""), "summary": (TEXT, ""), "presentations": (TABLES, []),
}  # fmt: skip
PRESENTATION = {
    "ref": (TEXT, None), "kind": (TEXT, Presentation.Kind.PRESENTATION.value),
    "presenter_name": (TEXT, REQUIRED), "presenter_role": (TEXT, ""), "organisation": (TEXT, None),
    "country": (TEXT, None), "title": (TEXT, REQUIRED), "summary": (TEXT, ""),
    "remote": (BOOL, False),
}  # fmt: skip
PRACTICE_DEFAULTS = {
    "status": (TEXT, Practice.Status.DRAFT.value),
    "visibility": (TEXT, Practice.Visibility.PUBLIC.value), "published_at": (DATETIME, None),
    "dated_by_event": (BOOL, False),
}  # fmt: skip
PRACTICE_TEXTS = ("body", "problem", "results", "lessons", "adaptation", "contact")
PRACTICE = {
    "slug": (TEXT, REQUIRED),
    "title": (TEXT, REQUIRED),
    "kind": (TEXT, REQUIRED),
    "focus": (TEXT, REQUIRED),
    "summary": (TEXT, REQUIRED),
    **dict.fromkeys(PRACTICE_TEXTS, (TEXT, "")),
    "session": (TEXT, None),
    "presentation": (TEXT, None),
    # "proceedings" (the event, a session or presentation), "background" or "conclusions".
    "source_part": (TEXT, Practice.SourcePart.PROCEEDINGS.value),
    "countries": (TEXTS, []),
    # Required, but may be empty: a practice is filed only under objectives its source names.
    "objectives": (INTS, REQUIRED),
    "organisations": (TEXTS, []),
    "themes": (TEXTS, []),
    "tags": (TEXTS, []),
    "featured": (BOOL, False),
    # None: take the value from [practice_defaults].
    "status": (TEXT, None),
    "visibility": (TEXT, None),
    "published_at": (DATETIME, None),
    "dated_by_event": (BOOL, None),
}


def error(where, key, message):
    return WorkshopDataError(f"{where}: {key}: {message}")


def locate(section, index, raw, key):
    """Where a record sits, for error messages: practices[12] "its-slug"."""
    return f"{section}[{index}] {record_name(raw, key)}".rstrip()


def check(raw, spec, where):
    """Check a table's keys and value types; return its values with defaults filled in."""
    for key in raw:
        if key not in spec:
            raise error(where, key, f"unknown key (expected one of: {', '.join(spec)})")
    values = {}
    for key, (kind, default) in spec.items():
        if key not in raw:
            if default is REQUIRED:
                raise error(where, key, "required but missing")
            values[key] = list(default) if isinstance(default, list) else default
        elif not kind.accepts(raw[key]):
            raise error(where, key, f"must be {kind.description}, not {raw[key]!r}")
        else:
            values[key] = raw[key]
    return values


def read_workshop_file(*, path):
    """Parse the TOML file, turning every way it can fail into a WorkshopDataError."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise WorkshopDataError(f"{path}: no such file") from None
    except OSError as exc:
        raise WorkshopDataError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise WorkshopDataError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise WorkshopDataError(f"{path}: not valid TOML: {exc}") from None


def record_name(raw, key):
    value = raw.get(key)
    return f'"{value}"' if isinstance(value, str | int) and not isinstance(value, bool) else ""
