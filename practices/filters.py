"""Browsing practices: the filters of /practices/ and the counts shown beside each choice.

Every filter takes slugs in the URL (`?country=morocco&country=egypt&objective=children`), so a
link holds the whole state. Values are checked for shape only — no query per filter — and the
facet counts of all facets, with the labels of the values chosen, come back in ONE query (a
UNION ALL of small GROUP BYs), whatever the number of filters. The standard faceted-search rule
applies: a facet's counts are computed with every filter except its own.
"""

import re
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, F, IntegerField, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear, NullIf
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cop.models import Event, Objective, Organisation, Session
from countries.models import Country, Phase, Region
from practices.models import Focus, Kind, Practice, Theme

SLUG_RE = re.compile(r"^[-a-z0-9_]{1,120}$")
SESSION_RE = re.compile(r"^[-a-z0-9_]{1,120}/[-a-z0-9_]{1,120}$")
YEAR_RE = re.compile(r"^(19|20)\d\d$")
MAX_VALUES = 30


class ValueListField(forms.Field):
    """Several values of one URL parameter, each checked against a pattern.

    Values of the wrong shape are dropped and remembered in `rejected`, so the page can say
    which part of the link it ignored instead of failing.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern, **kwargs):
        self.pattern = pattern
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [v.strip().lower() for v in value if isinstance(v, str) and v.strip()]

    def validate(self, value):
        super().validate(value)
        bad = [v for v in value if not self.pattern.match(v)]
        if len(value) > MAX_VALUES:
            raise ValidationError(
                _("Choose at most %(max)d values here."),
                code="too_many_values",
                params={"max": MAX_VALUES},
            )
        if bad:
            raise ValidationError(
                _("“%(value)s” is not a valid choice; remove it to see these results."),
                code="invalid_value",
                params={"value": bad[0][:60]},
            )


class ValueListFilter(django_filters.Filter):
    field_class = ValueListField

    def __init__(self, *, pattern=SLUG_RE, lookup, **kwargs):
        self.lookup = lookup
        super().__init__(pattern=pattern, distinct=True, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return self.get_method(qs)(self.build_q(value)).distinct()

    def build_q(self, value):
        return Q(**{f"{self.lookup}__in": value})


# The objective facet's choice for practices their source ties to no objective.
NO_OBJECTIVE = "none"
NO_OBJECTIVE_LABEL = _("Not filed under an objective")
NO_OBJECTIVE_ORDER = 7  # after the six objectives


class ObjectiveFilter(ValueListFilter):
    """`objective=none` selects the practices filed under no objective."""

    def build_q(self, value):
        slugs = [v for v in value if v != NO_OBJECTIVE]
        q = Q(objectives__slug__in=slugs) if slugs else Q(pk__in=[])
        if NO_OBJECTIVE in value:
            q |= Q(objectives__isnull=True)
        return q


class FocusFilter(ValueListFilter):
    """A practice on both trafficking and smuggling matches either focus."""

    def build_q(self, value):
        wanted = set(value)
        if wanted & {Focus.TRAFFICKING, Focus.SMUGGLING}:
            wanted.add(Focus.BOTH)
        return Q(focus__in=wanted)


class SessionFilter(ValueListFilter):
    """Sessions are named `event-slug/session-slug`: a session's slug is unique per event."""

    def build_q(self, value):
        q = Q()
        for item in value:
            event_slug, session_slug = item.split("/", 1)
            q |= Q(source_session__event__slug=event_slug, source_session__slug=session_slug)
        return q


class YearFilter(ValueListFilter):
    def build_q(self, value):
        return Q(published_at__year__in=[int(v) for v in value])


class SORT:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    TITLE = "title"
    CHOICES = [
        (RELEVANCE, _("Relevance")),
        (NEWEST, _("Newest first")),
        (TITLE, _("Title A–Z")),
    ]


class PracticeFilterSet(django_filters.FilterSet):
    objective = ObjectiveFilter(lookup="objectives__slug", label=_("Objective"))
    country = ValueListFilter(lookup="countries__slug", label=_("Country"))
    region = ValueListFilter(lookup="countries__region__slug", label=_("Region"))
    phase = ValueListFilter(lookup="countries__phases__slug", label=_("Programme phase"))
    theme = ValueListFilter(lookup="themes__slug", label=_("Theme"))
    tag = ValueListFilter(lookup="tags__slug", label=_("Tag"))
    focus = FocusFilter(lookup="focus", label=_("Focus"))
    kind = ValueListFilter(lookup="kind", label=_("Kind"))
    organisation = ValueListFilter(lookup="organisations__slug", label=_("Organisation"))
    event = ValueListFilter(lookup="source_event__slug", label=_("Event"))
    session = SessionFilter(lookup="source_session", pattern=SESSION_RE, label=_("Session"))
    year = YearFilter(lookup="published_at__year", pattern=YEAR_RE, label=_("Year"))

    class Meta:
        model = Practice
        fields = []

    def filter_queryset(self, queryset):
        # Apply only the fields that validated; invalid ones are reported by the view.
        for name, value in self.form.cleaned_data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active(self):
        """{facet name: [values]} of the filters in force (valid ones only)."""
        self.errors  # noqa: B018 - runs validation
        return {name: value for name, value in self.form.cleaned_data.items() if value}


# --- Facets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetSpec:
    """How to count one facet: the Practice lookup path to its value, label and order."""

    name: str
    title: str
    value: object  # expression on Practice giving the value in the URL
    label: object  # expression on Practice giving the label
    order: object  # expression on Practice giving the sort key (0: by count)
    options_model: type | None = None  # model to look chosen values up in (labels, unknowns)
    options_value: object = None
    options_label: object = None
    options_order: object = None
    choices: dict = field(default_factory=dict)  # for fixed choices (focus, kind)
    # A many-to-many facet is counted from its link table alone (cheap at scale); `distinct`
    # where one practice can reach the same value twice (two countries of one region).
    via: str | None = None
    distinct: bool = False
    # A facet that describes another facet's value (a country's region and phases) says
    # nothing about a practice once that facet is fixed: on a country's page it would offer
    # the regions of the practice's *other* countries, so it is left out there.
    describes: str | None = None
    # Members write these values themselves (a tag can name a case): a chosen value is named
    # only if a practice the reader may see carries it, else it is "unknown" like a typo.
    private_values: bool = False

    def counted_in(self, practice_ids):
        """(facet, value, label, order, n) rows for the practices whose ids are given."""
        head = Value(self.name, output_field=CharField())
        if self.via is None:
            rows = Practice.objects.filter(pk__in=practice_ids).values_list(
                head, _as_text(self.value), _as_text(self.label), self.order
            )
            return rows.annotate(n=Count("pk")).order_by()
        through = Practice._meta.get_field(self.via).remote_field.through
        owner, target = _link_fields(through)
        old, new = f"{self.via}__", f"{target}__"
        rows = through.objects.filter(**{f"{owner}__in": practice_ids}).values_list(
            head,
            _as_text(_rebase(self.value, old, new)),
            _as_text(_rebase(self.label, old, new)),
            _rebase(self.order, old, new),
        )
        return rows.annotate(n=Count(owner, distinct=self.distinct)).order_by()


def _link_fields(through):
    """The names of a link table's foreign key to Practice and of its other foreign key."""
    owner = target = None
    for f in through._meta.get_fields():
        if f.many_to_one and f.related_model is Practice:
            owner = f.name
        elif f.many_to_one:
            target = f.name
    return owner, target


def _rebase(expr, old, new):
    """The same expression with its Practice-relative paths made relative to a link table."""
    if isinstance(expr, F):
        return F(new + expr.name[len(old) :]) if expr.name.startswith(old) else expr
    sources = getattr(expr, "get_source_expressions", lambda: [])()
    if not sources:
        return expr
    expr = expr.copy()
    expr.set_source_expressions([_rebase(e, old, new) for e in sources])
    return expr


def _text(expr):
    return Cast(expr, output_field=CharField())


_ZERO = Value(0, output_field=IntegerField())

FACETS = [
    FacetSpec(
        "objective", _("Objective"),
        F("objectives__slug"), F("objectives__short_label"),
        F("objectives__number"), Objective, F("slug"), F("short_label"), F("number"),
        via="objectives",
    ),
    FacetSpec(
        "country", _("Country"), F("countries__slug"), F("countries__name"), _ZERO,
        Country, F("slug"), F("name"), _ZERO,
        via="countries",
    ),
    FacetSpec(
        "region", _("Region"),
        F("countries__region__slug"), F("countries__region__name"),
        F("countries__region__order"), Region, F("slug"), F("name"), F("order"),
        via="countries", distinct=True, describes="country",
    ),
    FacetSpec(
        "phase", _("Programme phase"), F("countries__phases__slug"),
        F("countries__phases__name"), F("countries__phases__start_year"),
        Phase, F("slug"), F("name"), F("start_year"),
        via="countries", distinct=True, describes="country",
    ),
    FacetSpec(
        "theme", _("Theme"), F("themes__slug"), F("themes__name"), F("themes__number"),
        Theme, F("slug"), F("name"), F("number"),
        via="themes",
    ),
    FacetSpec(
        "focus", _("Focus"), F("focus"), F("focus"), _ZERO, choices=dict(Focus.choices)
    ),
    FacetSpec("kind", _("Kind"), F("kind"), F("kind"), _ZERO, choices=dict(Kind.choices)),
    FacetSpec(
        "tag", _("Tag"), F("tags__slug"), F("tags__name"), _ZERO,
        Tag, F("slug"), F("name"), _ZERO,
        via="tags", private_values=True,
    ),
    FacetSpec(
        "organisation", _("Organisation"), F("organisations__slug"),
        Coalesce(NullIf(F("organisations__acronym"), Value("")), F("organisations__name")),
        _ZERO, Organisation, F("slug"), Coalesce(NullIf(F("acronym"), Value("")), F("name")),
        _ZERO,
        via="organisations",
    ),
    FacetSpec(
        "event", _("Event"),
        F("source_event__slug"), F("source_event__title"), _ZERO,
        Event, F("slug"), F("title"), _ZERO,
    ),
    FacetSpec(
        "session", _("Session"),
        Concat(
            F("source_session__event__slug"),
            Value("/"),
            F("source_session__slug"),
            output_field=CharField(),
        ),
        F("source_session__title"), F("source_session__order"),
        Session,
        Concat(F("event__slug"), Value("/"), F("slug"), output_field=CharField()),
        F("title"), F("order"),
    ),
    FacetSpec(
        "year", _("Year"), _text(ExtractYear("published_at")),
        _text(ExtractYear("published_at")), _ZERO,
    ),
]  # fmt: skip
FACETS_BY_NAME = {spec.name: spec for spec in FACETS}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    order: int = 0


@dataclass
class Facet:
    name: str
    title: str
    options: list
    unknown: list  # chosen values that name nothing
    total_without: int | None = None  # results if this facet's filter were dropped
    # What the page shows of it (practices.browse keeps long facets short).
    shown: list | None = None
    expanded: bool = False
    more_url: str = ""
    less_url: str = ""

    @property
    def selected(self):
        return [o for o in self.options if o.selected]


def facet_counts(*, base, data, visible, filterset_class=PracticeFilterSet):
    """Count, for each facet, the practices each choice would give within the other filters.

    `base` is the visible (and searched) practices before filtering; `data` the query dict;
    `visible` the practices the reader may see, which alone may name a private value.
    Returns a list of Facet in FACETS order, computed in one database query.
    """
    full = filterset_class(data=data, queryset=base)
    active = full.active()
    parts = []
    for spec in FACETS:
        others = data.copy()
        others.pop(spec.name, None)
        within = filterset_class(data=others, queryset=base).qs
        ids = within.order_by().values("pk")
        parts.append(spec.counted_in(ids))
        chosen = active.get(spec.name)
        if spec.name == "objective":
            parts.extend(_no_objective_rows(ids, chosen=NO_OBJECTIVE in (chosen or [])))
        if chosen:
            # How many results dropping this facet's filter would give: names the narrowest.
            parts.append(
                Practice.objects.filter(pk__in=ids)
                .values_list(
                    Value(f"{spec.name}:total", output_field=CharField()),
                    Value("", output_field=CharField()),
                    Value("", output_field=CharField()),
                    _ZERO,
                )
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )
        if chosen and spec.options_model is not None:
            options = spec.options_model.objects.all()
            if spec.private_values:
                through = Practice._meta.get_field(spec.via).remote_field.through
                owner, target = _link_fields(through)
                options = options.filter(
                    pk__in=through.objects.filter(
                        **{f"{owner}__in": visible.order_by().values("pk")}
                    ).values(target)
                )
            parts.append(
                options.annotate(_v=spec.options_value)
                .filter(_v__in=chosen)
                .values_list(
                    Value(f"{spec.name}:chosen", output_field=CharField()),
                    _as_text(spec.options_value),
                    _as_text(spec.options_label),
                    spec.options_order,
                    _ZERO,
                )
                .order_by()
            )
    rows = parts[0].union(*parts[1:], all=True)
    return _assemble(list(rows), active)


def _no_objective_rows(ids, *, chosen):
    """The count of practices filed under no objective (one row, possibly 0), and its label.

    Link tables hold no row for them, so they are counted on Practice; the constant columns
    are not grouped, so each query gives exactly one row.
    """
    label = Value(str(NO_OBJECTIVE_LABEL), output_field=CharField())
    value = Value(NO_OBJECTIVE, output_field=CharField())
    order = Value(NO_OBJECTIVE_ORDER, output_field=IntegerField())
    heads = ["objective"] + (["objective:chosen"] if chosen else [])
    return [
        Practice.objects.filter(pk__in=ids, **({"objectives__isnull": True} if i == 0 else {}))
        .values_list(Value(head, output_field=CharField()), value, label, order)
        .annotate(n=Count("pk"))
        .order_by()
        for i, head in enumerate(heads)
    ]


def _as_text(expr):
    return expr if not isinstance(expr, F) else Cast(expr, output_field=CharField())


def _assemble(rows, active):
    counted = {spec.name: {} for spec in FACETS}
    known = {spec.name: {} for spec in FACETS}
    totals = {}
    for facet, value, label, order, n in rows:
        if facet.endswith(":total"):
            totals[facet.split(":")[0]] = n
        elif facet.endswith(":chosen"):
            known[facet.split(":")[0]][value] = (label, order or 0)
        elif value is not None and n:  # practices without this relation form a group of their own
            counted[facet][value] = (label, order or 0, n)
    facets = []
    for spec in FACETS:
        chosen = active.get(spec.name, [])
        options = {}
        for value, (label, order, n) in counted[spec.name].items():
            label = spec.choices.get(value, label)
            options[value] = FacetOption(value, str(label), n, value in chosen, order)
        unknown = []
        for value in chosen:
            if value in options:
                continue
            if spec.choices:
                if value in spec.choices:
                    options[value] = FacetOption(value, str(spec.choices[value]), 0, True)
                else:
                    unknown.append(value)
            elif spec.options_model is None:  # year: any valid year is a real choice
                options[value] = FacetOption(value, value, 0, True)
            elif value in known[spec.name]:
                label, order = known[spec.name][value]
                options[value] = FacetOption(value, label, 0, True, order)
            else:
                unknown.append(value)
        ordered = sorted(
            options.values(),
            key=lambda o: (
                (o.order, -o.count, o.label.lower())
                if spec.name not in ("year",)
                else (-int(o.value),)
            ),
        )
        facets.append(Facet(spec.name, str(spec.title), ordered, unknown, totals.get(spec.name, 0)))
    return facets
