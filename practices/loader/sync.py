"""The sync: writing the workshop data file to the database, idempotent and all or nothing.

Records are matched on natural keys (slugs, objective and theme numbers, and positions for an
event's figures and a session's presentations), so database ids never appear in the file.
Loading the same file twice changes nothing: values are compared before saving, and unchanged
records are not saved again. Loading an edited file updates exactly what changed.

Figures, sessions and presentations belong to their event, so ones the file no longer lists are
removed. Everything else (countries, organisations, practices...) is only created or updated,
never deleted, because curators and members may refer to it; a practice the file withdraws (by
listing its slug in `retired_practices`, e.g. one split into two) is archived instead.

What the file may hold is checked by schema.py as each record is read; a reference to a record
the file does not define, or a value the model or the database refuses, stops the load here
with a WorkshopDataError naming the record and the field, and nothing is written.
"""

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from cop.models import Event, EventFigure, Objective, Organisation, Presentation, Session
from countries.models import Country, Phase, Region
from practices import workflow
from practices.loader.schema import (
    COUNTRY,
    EVENT,
    FIGURE,
    FORMAT,
    OBJECTIVE,
    ORGANISATION,
    PHASE,
    PRACTICE,
    PRACTICE_DEFAULTS,
    PRESENTATION,
    REGION,
    SESSION,
    THEME,
    TOP_LEVEL,
    WorkshopDataError,
    check,
    error,
    locate,
    read_workshop_file,
    record_name,
)
from practices.loader.summary import LoadSummary
from practices.models import Practice, Theme

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "vienna_2019.toml"

# Sessions that move are parked at positions no real agenda reaches, so that reordering them
# never trips over the (event, order) unique constraint half-way through.
_PARKING_ORDER = 30000


def load_workshop(*, path=DEFAULT_PATH):
    """Load (or reload) the data file at `path` in one transaction; return a LoadSummary."""
    data = read_workshop_file(path=path)
    loader = _Loader(LoadSummary(path=Path(path)))
    # The database's triggers index every practice the load writes (practices.search.index).
    with transaction.atomic():
        loader.run(data)
    return loader.summary


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
        top = check(data, TOP_LEVEL, "top level")
        if top["format"] != FORMAT:
            raise error("top level", "format", f"this loader reads format {FORMAT} only")
        defaults = check(top["practice_defaults"], PRACTICE_DEFAULTS, "practice_defaults")
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
            where = locate(section, i, raw, key)
            rec = check(raw, spec, where)
            self._claim(section, rec[key], where, key)
            obj = self._sync(section, model, where, lookup={key: rec[key]}, values=rec)
            registry[rec[by or key]] = obj

    def _load_countries(self, items):
        for i, raw in enumerate(items):
            where = locate("countries", i, raw, "slug")
            rec = check(raw, COUNTRY, where)
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
            where = locate("organisations", i, raw, "slug")
            rec = check(raw, ORGANISATION, where)
            self._claim("organisations", rec["slug"], where, "slug")
            rec["country"] = self._ref(self.countries, rec["country"], where, "country")
            obj = self._sync(
                "organisations", Organisation, where, lookup={"slug": rec["slug"]}, values=rec
            )
            self.organisations[rec["slug"]] = obj

    def _load_event(self, raw):
        where = f"event {record_name(raw, 'slug')}".rstrip()
        rec = check(raw, EVENT, where)
        if any("\n" in aim.strip() for aim in rec["aims"]):
            raise error(where, "aims", "each aim must be a single line")
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
            fwhere = locate("event.figures", i, raw_figure, "label")
            frec = check(raw_figure, FIGURE, fwhere)
            # Through str, so 4.4 becomes Decimal("4.4"), not the float's binary expansion.
            frec["value"] = Decimal(str(frec["value"]))
            lookup = {"event": self.event, "order": i + 1}
            self._sync("figures", EventFigure, fwhere, lookup=lookup, values=frec)
        self.figure_count = len(figures)
        self._load_sessions(sessions)

    def _load_sessions(self, items):
        recs = [(locate("event.sessions", i, raw, "slug"), raw, i) for i, raw in enumerate(items)]
        recs = [(where, check(raw, SESSION, where), i) for where, raw, i in recs]
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
        where = locate(section, index, raw, "presenter_name")
        rec = check(raw, PRESENTATION, where)
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
            where = locate("practices", i, raw, "slug")
            rec = check(raw, PRACTICE, where)
            self._claim("practices", rec["slug"], where, "slug")
            for key, value in defaults.items():
                if rec[key] is None:
                    rec[key] = value
            tags = rec.pop("tags")
            for tag in tags:
                if not tag.strip() or tag != tag.strip().lower() or len(tag) > 100:
                    raise error(where, "tags", f"{tag!r} must be lowercase, trimmed, 1–100 long")
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
                raise error(where, f'"{slug}"', "is also listed in practices: keep it in one")
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
            raise error(where, field_name, f"{key!r} appears more than once in {section}")
        seen.add(key)

    @staticmethod
    def _ref(registry, key, where, field_name):
        if key is None:
            return None
        if key not in registry:
            known = ", ".join(str(k) for k in registry) or "none"
            raise error(where, field_name, f"{key!r} is not defined in the file (known: {known})")
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
                    raise error(where, keys.get(name, name), " ".join(exc.messages)) from None
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


def _invalid(where, obj, exc, keys):
    """A full_clean() failure as a WorkshopDataError naming the file's keys, not the model's."""
    problems = []
    for name, errors in exc.error_dict.items():
        messages = " ".join(m for error in errors for m in error.messages)
        names = _constraintcheck(obj) if name == NON_FIELD_ERRORS else [name]
        problems.append(f"{', '.join(keys.get(n, n) for n in names) or 'record'}: {messages}")
    return WorkshopDataError(f"{where}: " + "; ".join(problems))


def _constraintcheck(obj):
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
