"""Load the workshop data file into the database: validated, idempotent, all or nothing.

The data file (practices/data/vienna_2019.toml) is the versioned source of the knowledge base's
starting content. Records are matched on natural keys (slugs, objective and theme numbers, and
positions for an event's figures and a session's presentations), so database ids never appear in
the file. Loading the same file twice changes nothing: values are compared before saving, and
unchanged records are not saved again. Loading an edited file updates exactly what changed.

Figures, sessions and presentations belong to their event, so ones the file no longer lists are
removed. Everything else (countries, organisations, practices...) is only created or updated,
never deleted, because curators and members may refer to it; a practice the file withdraws (by
listing its slug in `retired_practices`, e.g. one split into two) is archived instead.

Every problem (TOML syntax, an unknown key, a missing or mistyped field, a reference to a record
the file does not define, a value the model or the database refuses) stops the load with a
WorkshopDataError naming the record and the field, and nothing is written.
"""

import datetime as dt
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from cop.models import Event, EventFigure, Objective, Organisation, Presentation, Session
from countries.models import Country, Phase, Region
from practices import search, workflow
from practices.models import Practice, Theme

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "vienna_2019.toml"
FORMAT = 1

# Sessions that move are parked at positions no real agenda reaches, so that reordering them
# never trips over the (event, order) unique constraint half-way through.
_PARKING_ORDER = 30000


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
    "format": (INT, REQUIRED),
    "practice_defaults": (TABLE, {}),
    "regions": (TABLES, []),
    "phases": (TABLES, []),
    "countries": (TABLES, []),
    "objectives": (TABLES, []),
    "themes": (TABLES, []),
    "organisations": (TABLES, []),
    "event": (TABLE, REQUIRED),
    "practices": (TABLES, []),
    "retired_practices": (TEXTS, []),
}
REGION = {"slug": (TEXT, REQUIRED), "name": (TEXT, REQUIRED), "order": (INT, 0)}
PHASE = {
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "start_year": (INT, REQUIRED),
    "end_year": (INT, REQUIRED),
    "description": (TEXT, ""),
}
COUNTRY = {
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "official_name": (TEXT, ""),
    "iso_code": (TEXT, REQUIRED),
    "region": (TEXT, REQUIRED),
    "phases": (TEXTS, []),
    "context": (TEXT, ""),
}
OBJECTIVE = {
    "number": (INT, REQUIRED),
    "slug": (TEXT, REQUIRED),
    "title": (TEXT, REQUIRED),
    "short_label": (TEXT, REQUIRED),
    "description": (TEXT, ""),
}
THEME = {
    "number": (INT, REQUIRED),
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "description": (TEXT, ""),
}
ORGANISATION = {
    "slug": (TEXT, REQUIRED),
    "name": (TEXT, REQUIRED),
    "acronym": (TEXT, ""),
    "kind": (TEXT, REQUIRED),
    "country": (TEXT, None),
}
EVENT = {
    "slug": (TEXT, REQUIRED),
    "title": (TEXT, REQUIRED),
    "subtitle": (TEXT, ""),
    "start_date": (DATE, REQUIRED),
    "end_date": (DATE, REQUIRED),
    "venue": (TEXT, REQUIRED),
    "city": (TEXT, REQUIRED),
    "country": (TEXT, None),
    "summary": (TEXT, REQUIRED),
    "aims": (TEXTS, []),
    "outcome": (TEXT, ""),
    "figures": (TABLES, []),
    "sessions": (TABLES, []),
}
FIGURE = {
    "label": (TEXT, REQUIRED),
    "value": (NUMBER, REQUIRED),
    "unit": (TEXT, REQUIRED),
    "group": (TEXT, ""),
}
SESSION = {
    "slug": (TEXT, REQUIRED),
    "kind": (TEXT, REQUIRED),
    "number": (INT, None),
    "title": (TEXT, REQUIRED),
    "objectives": (INTS, []),
    "moderator_name": (TEXT, ""),
    "moderator_role": (TEXT, ""),
    "summary": (TEXT, ""),
    "presentations": (TABLES, []),
}
PRESENTATION = {
    "ref": (TEXT, None),
    "kind": (TEXT, Presentation.Kind.PRESENTATION.value),
    "presenter_name": (TEXT, REQUIRED),
    "presenter_role": (TEXT, ""),
    "organisation": (TEXT, None),
    "country": (TEXT, None),
    "title": (TEXT, REQUIRED),
    "summary": (TEXT, ""),
    "remote": (BOOL, False),
}
PRACTICE_DEFAULTS = {
    "status": (TEXT, Practice.Status.DRAFT.value),
    "visibility": (TEXT, Practice.Visibility.PUBLIC.value),
    "published_at": (DATETIME, None),
    "dated_by_event": (BOOL, False),
}
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


def _error(where, key, message):
    return WorkshopDataError(f"{where}: {key}: {message}")


def _where(section, index, raw, key):
    """Where a record sits, for error messages: practices[12] "its-slug"."""
    return f"{section}[{index}] {_name(raw, key)}".rstrip()


def _fields(raw, spec, where):
    """Check a table's keys and value types; return its values with defaults filled in."""
    for key in raw:
        if key not in spec:
            raise _error(where, key, f"unknown key (expected one of: {', '.join(spec)})")
    values = {}
    for key, (kind, default) in spec.items():
        if key not in raw:
            if default is REQUIRED:
                raise _error(where, key, "required but missing")
            values[key] = list(default) if isinstance(default, list) else default
        elif not kind.accepts(raw[key]):
            raise _error(where, key, f"must be {kind.description}, not {raw[key]!r}")
        else:
            values[key] = raw[key]
    return values


# --- reading -------------------------------------------------------------------------------


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


@dataclass
class LoadSummary:
    """What a load did, per kind of record: created, updated, unchanged, deleted, archived."""

    path: Path
    counts: dict[str, Counter] = field(default_factory=dict)

    def count(self, label, outcome, n=1):
        self.counts.setdefault(label, Counter())[outcome] += n

    def total(self, outcome):
        return sum(c[outcome] for c in self.counts.values())

    @property
    def changed(self):
        return any(self.total(o) for o in ("created", "updated", "deleted", "archived"))

    def lines(self):
        def describe(c):
            text = f"{c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            text += f", {c['deleted']} deleted" if c["deleted"] else ""
            return text + (f", {c['archived']} archived" if c["archived"] else "")

        outcomes = ("created", "updated", "unchanged", "deleted", "archived")
        total = Counter({o: self.total(o) for o in outcomes})
        rows = [f"  {label}: {describe(c)}" for label, c in self.counts.items()]
        return [f"Loaded {self.path}", *rows, f"Total: {describe(total)}."]


def load_workshop(*, path=DEFAULT_PATH):
    """Load (or reload) the data file at `path` in one transaction; return a LoadSummary."""
    data = read_workshop_file(path=path)
    loader = _Loader(LoadSummary(path=Path(path)))
    with transaction.atomic():
        loader.run(data)
        # Inside the transaction: a load whose search index cannot be brought up to date is
        # rolled back rather than left half-searchable.
        search.reindex()
    return loader.summary


# --- writing -------------------------------------------------------------------------------


class _Loader:
    def __init__(self, summary):
        self.summary = summary
        # The records the file defines, by the keys the file refers to them by. References
        # resolve only against these, so the file always loads into an empty database.
        self.regions, self.phases, self.countries = {}, {}, {}
        self.objectives, self.themes, self.organisations = {}, {}, {}
        self.sessions, self.presentations = {}, {}
        self.event = None
        self.figure_count = 0
        self.presentation_pks = set()
        self.seen = {}

    def run(self, data):
        top = _fields(data, TOP_LEVEL, "top level")
        if top["format"] != FORMAT:
            raise _error("top level", "format", f"this loader reads format {FORMAT} only")
        defaults = _fields(top["practice_defaults"], PRACTICE_DEFAULTS, "practice_defaults")
        self._load_plain(top["regions"], "regions", Region, REGION, "slug", self.regions)
        self._load_plain(top["phases"], "phases", Phase, PHASE, "slug", self.phases)
        self._load_plain(
            top["objectives"], "objectives", Objective, OBJECTIVE, "number", self.objectives
        )
        self._load_plain(top["themes"], "themes", Theme, THEME, "number", self.themes, by="slug")
        self._load_countries(top["countries"])
        self._load_organisations(top["organisations"])
        self._load_event(top["event"])
        self._load_practices(top["practices"], defaults)
        self._retire_practices(top["retired_practices"])
        self._prune()

    def _load_plain(self, items, section, model, spec, key, registry, by=None):
        """Regions, phases, objectives, themes: records that refer to nothing else."""
        for i, raw in enumerate(items):
            where = _where(section, i, raw, key)
            rec = _fields(raw, spec, where)
            self._claim(section, rec[key], where, key)
            obj = self._sync(section, model, where, lookup={key: rec[key]}, values=rec)
            registry[rec[by or key]] = obj

    def _load_countries(self, items):
        for i, raw in enumerate(items):
            where = _where("countries", i, raw, "slug")
            rec = _fields(raw, COUNTRY, where)
            self._claim("countries", rec["slug"], where, "slug")
            rec["region"] = self._ref(self.regions, rec["region"], where, "region")
            phases = self._refs(self.phases, rec.pop("phases"), where, "phases")
            obj = self._sync(
                "countries",
                Country,
                where,
                lookup={"slug": rec["slug"]},
                values=rec,
                m2m={"phases": phases},
            )
            self.countries[rec["slug"]] = obj

    def _load_organisations(self, items):
        for i, raw in enumerate(items):
            where = _where("organisations", i, raw, "slug")
            rec = _fields(raw, ORGANISATION, where)
            self._claim("organisations", rec["slug"], where, "slug")
            rec["country"] = self._ref(self.countries, rec["country"], where, "country")
            obj = self._sync(
                "organisations", Organisation, where, lookup={"slug": rec["slug"]}, values=rec
            )
            self.organisations[rec["slug"]] = obj

    def _load_event(self, raw):
        where = f"event {_name(raw, 'slug')}".rstrip()
        rec = _fields(raw, EVENT, where)
        if any("\n" in aim.strip() for aim in rec["aims"]):
            raise _error(where, "aims", "each aim must be a single line")
        figures, sessions = rec.pop("figures"), rec.pop("sessions")
        rec["country"] = self._ref(self.countries, rec["country"], where, "country")
        rec["aims"] = "\n".join(aim.strip() for aim in rec["aims"])
        self.event = self._sync(
            "events",
            Event,
            where,
            lookup={"slug": rec["slug"]},
            values=rec,
        )
        for i, raw_figure in enumerate(figures):
            fwhere = _where("event.figures", i, raw_figure, "label")
            frec = _fields(raw_figure, FIGURE, fwhere)
            # Through str, so 4.4 becomes Decimal("4.4"), not the float's binary expansion.
            frec["value"] = Decimal(str(frec["value"]))
            lookup = {"event": self.event, "order": i + 1}
            self._sync("figures", EventFigure, fwhere, lookup=lookup, values=frec)
        self.figure_count = len(figures)
        self._load_sessions(sessions)

    def _load_sessions(self, items):
        recs = [(_where("event.sessions", i, raw, "slug"), raw, i) for i, raw in enumerate(items)]
        recs = [(where, _fields(raw, SESSION, where), i) for where, raw, i in recs]
        # Sessions are matched on their slug (practices and page anchors use it); one that
        # moves is parked first, so no two sessions ever hold the same position mid-load.
        wanted = {rec["slug"]: i + 1 for _, rec, i in recs}
        moving = [
            s.pk for s in Session.objects.filter(event=self.event) if wanted.get(s.slug) != s.order
        ]
        for n, pk in enumerate(moving):
            Session.objects.filter(pk=pk).update(order=_PARKING_ORDER + n)
        for where, rec, i in recs:
            self._claim("sessions", rec["slug"], where, "slug")
            presentations = rec.pop("presentations")
            objectives = self._refs(self.objectives, rec.pop("objectives"), where, "objectives")
            session = self._sync(
                "sessions",
                Session,
                where,
                lookup={"event": self.event, "slug": rec["slug"]},
                values={**rec, "order": i + 1},
                m2m={"objectives": objectives},
                keys={"order": "position"},
            )
            self.sessions[rec["slug"]] = session
            for j, raw in enumerate(presentations):
                self._load_presentation(session, f"event.sessions[{i}].presentations", j, raw)

    def _load_presentation(self, session, section, index, raw):
        where = _where(section, index, raw, "presenter_name")
        rec = _fields(raw, PRESENTATION, where)
        ref = rec.pop("ref")
        if ref is not None:
            self._claim("presentations", ref, where, "ref")
        rec["organisation"] = self._ref(
            self.organisations, rec["organisation"], where, "organisation"
        )
        rec["country"] = self._ref(self.countries, rec["country"], where, "country")
        # Presentations have no name of their own: their position in the session is their key.
        lookup = {"session": session, "order": index + 1}
        obj = self._sync("presentations", Presentation, where, lookup=lookup, values=rec)
        self.presentation_pks.add(obj.pk)
        if ref is not None:
            self.presentations[ref] = obj

    def _load_practices(self, items, defaults):
        for i, raw in enumerate(items):
            where = _where("practices", i, raw, "slug")
            rec = _fields(raw, PRACTICE, where)
            self._claim("practices", rec["slug"], where, "slug")
            for key, value in defaults.items():
                if rec[key] is None:
                    rec[key] = value
            tags = rec.pop("tags")
            for tag in tags:
                if not tag.strip() or tag != tag.strip().lower() or len(tag) > 100:
                    raise _error(where, "tags", f"{tag!r} must be lowercase, trimmed, 1–100 long")
            presentation = self._ref(
                self.presentations, rec.pop("presentation"), where, "presentation"
            )
            session = self._ref(self.sessions, rec.pop("session"), where, "session")
            if session is None and presentation is not None:
                session = presentation.session
            m2m = {
                name: self._refs(registry, rec.pop(name), where, name)
                for name, registry in (
                    ("objectives", self.objectives),
                    ("countries", self.countries),
                    ("organisations", self.organisations),
                    ("themes", self.themes),
                )
            }
            rec.update(
                source_event=self.event, source_session=session, source_presentation=presentation
            )
            self._sync(
                "practices",
                Practice,
                where,
                lookup={"slug": rec["slug"]},
                values=rec,
                m2m=m2m,
                tags=tags,
                keys={"source_session": "session", "source_presentation": "presentation"},
            )

    def _retire_practices(self, slugs):
        """Archive the practices the file withdraws; they stay, with their history."""
        for i, slug in enumerate(slugs):
            where = f"retired_practices[{i}]"
            if slug in self.seen.get("practices", ()):
                raise _error(where, f'"{slug}"', "is also listed in practices: keep it in one")
        retired = Practice.objects.filter(slug__in=slugs, status=Practice.Status.PUBLISHED)
        if retired.exists():
            archived = workflow.admin_archive(practices=retired, actor=None)
            self.summary.count("practices", "archived", archived)

    def _prune(self):
        """Remove the event's presentations, sessions and figures the file no longer lists."""
        session_pks = [s.pk for s in self.sessions.values()]
        stale = [
            (
                "presentations",
                Presentation.objects.filter(session__event=self.event).exclude(
                    pk__in=self.presentation_pks
                ),
            ),
            ("sessions", Session.objects.filter(event=self.event).exclude(pk__in=session_pks)),
            ("figures", EventFigure.objects.filter(event=self.event, order__gt=self.figure_count)),
        ]
        for label, queryset in stale:
            for obj in queryset:
                try:
                    with transaction.atomic():
                        obj.delete()
                except IntegrityError as exc:
                    raise WorkshopDataError(
                        f"{label}: cannot remove {str(obj)[:80]!r}, which the file no longer "
                        f"lists, because other records still refer to it ({exc})"
                    ) from None
                self.summary.count(label, "deleted")

    # --- helpers -----------------------------------------------------------------------------

    def _claim(self, section, key, where, field_name):
        """Refuse a key used twice: the second record would silently overwrite the first."""
        seen = self.seen.setdefault(section, set())
        if key in seen:
            raise _error(where, field_name, f"{key!r} appears more than once in {section}")
        seen.add(key)

    @staticmethod
    def _ref(registry, key, where, field_name):
        if key is None:
            return None
        if key not in registry:
            known = ", ".join(str(k) for k in registry) or "none"
            raise _error(where, field_name, f"{key!r} is not defined in the file (known: {known})")
        return registry[key]

    def _refs(self, registry, keys, where, field_name):
        return [self._ref(registry, key, where, field_name) for key in keys]

    def _sync(self, label, model, where, *, lookup, values, m2m=None, tags=None, keys=None):
        """Create or update one record, saving it only if something differs; return it."""
        keys = keys or {}
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
        dirty = created
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if model_field.many_to_one:
                current = getattr(obj, model_field.attname)
                new = value.pk if value is not None else None
            else:
                try:
                    value = new = model_field.to_python(value)
                except ValidationError as exc:
                    raise _error(where, keys.get(name, name), " ".join(exc.messages)) from None
                current = getattr(obj, name)
            if current != new:
                setattr(obj, name, value)
                dirty = True
        m2m_changes = {
            name: targets
            for name, targets in (m2m or {}).items()
            if created
            or set(getattr(obj, name).values_list("pk", flat=True)) != {t.pk for t in targets}
        }
        tags_change = tags is not None and (
            created or {t.lower() for t in obj.tags.names()} != {t.lower() for t in tags}
        )
        if dirty or m2m_changes or tags_change:
            try:
                obj.full_clean()
            except ValidationError as exc:
                raise _invalid(where, obj, exc, keys) from None
            try:
                # A savepoint, so that on PostgreSQL a refusal can still be reported cleanly.
                with transaction.atomic():
                    obj.save()
            except IntegrityError as exc:
                raise WorkshopDataError(f"{where}: the database refused it: {exc}") from None
            for name, targets in m2m_changes.items():
                getattr(obj, name).set(targets)
            if tags_change:
                obj.tags.set(tags)
            self.summary.count(label, "created" if created else "updated")
        else:
            self.summary.count(label, "unchanged")
        return obj


def _name(raw, key):
    value = raw.get(key)
    return f'"{value}"' if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _invalid(where, obj, exc, keys):
    """A full_clean() failure as a WorkshopDataError naming the file's keys, not the model's."""
    problems = []
    for name, errors in exc.error_dict.items():
        messages = " ".join(m for error in errors for m in error.messages)
        names = _constraint_fields(obj) if name == NON_FIELD_ERRORS else [name]
        problems.append(f"{', '.join(keys.get(n, n) for n in names) or 'record'}: {messages}")
    return WorkshopDataError(f"{where}: " + "; ".join(problems))


def _constraint_fields(obj):
    """The fields behind the model constraints this object breaks, to name them in errors."""
    names = []
    for constraint in type(obj)._meta.constraints:
        try:
            constraint.validate(type(obj), obj)
        except ValidationError:
            condition = getattr(constraint, "condition", None)
            fields = getattr(constraint, "fields", ()) or (
                condition.referenced_base_fields if condition is not None else ()
            )
            names.extend(sorted(f for f in fields if f not in names))
    return names
