"""The facets of /practices/, each declared once, and the FilterSet made from them.

A facet's declaration (`Facet` in FACETS) says where its value lives on a practice; from it come
the filter (`?country=morocco&country=egypt`), the counts beside each choice (practices.browse.
facets), the label of a chosen value and the chip that removes it. Every filter takes slugs in
the URL, so a link holds the whole state. Values are checked for shape only — no query per
filter — and the request's filter form is validated once (`PracticeFilterSet.active()`).
"""

import re
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, F, IntegerField, Q, Value
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

    def __init__(self, *, pattern=SLUG_RE, lookup=None, **kwargs):
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


# --- The facets, declared once ------------------------------------------------------------


def _acronym_or_name(prefix):
    return Coalesce(NullIf(F(prefix + "acronym"), Value("")), F(prefix + "name"))


def _event_and_session_slugs(prefix):
    return Concat(
        F(prefix + "event__slug"), Value("/"), F(prefix + "slug"), output_field=CharField()
    )


def _published_year(prefix):
    return Cast(ExtractYear(prefix + "published_at"), output_field=CharField())


def _zero(prefix):
    return Value(0, output_field=IntegerField())


@dataclass(frozen=True)
class Facet:
    """One way to narrow the listing, declared once.

    Where the value lives: `via` (a many-to-many field of Practice, counted from its link
    table, cheap at scale) or `relation` (a foreign key), then `through` (a further step from
    there); with neither, on the practice itself. `value`, `label` and `order` name a column
    there (or are functions of the path prefix); `model` is where chosen values are looked up
    (their labels; a value it lacks is "unknown"), `choices` the labels of fixed choices.
    """

    name: str
    title: str
    via: str | None = None
    relation: str | None = None
    through: str | None = None
    model: type | None = None
    value: object = "slug"
    label: object = "name"
    order: object = _zero
    choices: dict = field(default_factory=dict)
    filter_class: type = None
    pattern: re.Pattern = SLUG_RE
    # Where one practice can reach the same value twice (two countries of one region).
    distinct: bool = False
    # A facet that describes another facet's value (a country's region and phases) says
    # nothing about a practice once that facet is fixed: on a country's page it would offer
    # the regions of the practice's *other* countries, so it is left out there.
    describes: str | None = None
    # Members write these values themselves (a tag can name a case): a chosen value is named
    # only if a practice the reader may see carries it, else it is "unknown" like a typo.
    private_values: bool = False

    def _expr(self, part, prefix):
        part = getattr(self, part)
        return F(prefix + part) if isinstance(part, str) else part(prefix)

    def _path(self, start):
        steps = [s for s in (start, self.through) if s]
        return "".join(f"{s}__" for s in steps)

    @property
    def practice_prefix(self):
        """The path from a practice to the facet's value."""
        return self._path(self.via or self.relation)

    def link_table(self):
        """(the link table of `via`, its column to Practice, its column to the other side)."""
        through = Practice._meta.get_field(self.via).remote_field.through
        owner = target = None
        for f in through._meta.get_fields():
            if f.many_to_one and f.related_model is Practice:
                owner = f.name
            elif f.many_to_one:
                target = f.name
        return through, owner, target

    def on_practice(self, part):
        return self._expr(part, self.practice_prefix)

    def on_link(self, part):
        return self._expr(part, self._path(self.link_table()[2]))

    def on_model(self, part):
        return self._expr(part, "")

    def make_filter(self):
        lookup = self.practice_prefix + self.value if isinstance(self.value, str) else None
        return (self.filter_class or ValueListFilter)(
            lookup=lookup, pattern=self.pattern, label=self.title
        )


FACETS = [
    Facet("objective", _("Objective"), via="objectives", model=Objective, label="short_label",
          order="number", filter_class=ObjectiveFilter),
    Facet("country", _("Country"), via="countries", model=Country),
    Facet("region", _("Region"), via="countries", through="region", model=Region,
          order="order", distinct=True, describes="country"),
    Facet("phase", _("Programme phase"), via="countries", through="phases", model=Phase,
          order="start_year", distinct=True, describes="country"),
    Facet("theme", _("Theme"), via="themes", model=Theme, order="number"),
    Facet("focus", _("Focus"), value="focus", label="focus", choices=dict(Focus.choices),
          filter_class=FocusFilter),
    Facet("kind", _("Kind"), value="kind", label="kind", choices=dict(Kind.choices)),
    Facet("tag", _("Tag"), via="tags", model=Tag, private_values=True),
    Facet("organisation", _("Organisation"), via="organisations", model=Organisation,
          label=_acronym_or_name),
    Facet("event", _("Event"), relation="source_event", model=Event, label="title"),
    Facet("session", _("Session"), relation="source_session", model=Session,
          value=_event_and_session_slugs, label="title", order="order",
          filter_class=SessionFilter, pattern=SESSION_RE),
    Facet("year", _("Year"), value=_published_year, label=_published_year,
          filter_class=YearFilter, pattern=YEAR_RE),
]  # fmt: skip
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


class BaseFilterSet(django_filters.FilterSet):
    class Meta:
        model = Practice
        fields = []

    def filter_queryset(self, queryset):
        # Apply only the fields that validated; invalid ones are reported by the view.
        return apply_filters(queryset, self.form.cleaned_data)

    def active(self):
        """{facet name: [values]} of the filters in force (valid ones only)."""
        self.errors  # noqa: B018 - runs validation
        return {name: value for name, value in self.form.cleaned_data.items() if value}


# The metaclass collects the declared filters, as a class statement would.
PracticeFilterSet = type(BaseFilterSet)(
    "PracticeFilterSet",
    (BaseFilterSet,),
    {facet.name: facet.make_filter() for facet in FACETS},
)


def apply_filters(queryset, active, *, without=None):
    """`queryset` narrowed by the validated filters `active`, all but the facet `without`."""
    for name, value in active.items():
        if name != without:
            queryset = PracticeFilterSet.base_filters[name].filter(queryset, value)
    return queryset
