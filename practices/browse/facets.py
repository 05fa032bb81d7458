"""The counts beside each facet's choices, for all facets in ONE query.

A UNION ALL of small GROUP BYs, whatever the number of filters. The standard faceted-search
rule applies: a facet's counts are computed with every filter except its own. The facets
themselves are declared in practices.browse.filters.
"""

from dataclasses import dataclass

from django.db.models import CharField, Count, IntegerField, Value
from django.db.models.functions import Cast

from practices.browse.filters import (
    FACETS,
    NO_OBJECTIVE,
    NO_OBJECTIVE_LABEL,
    NO_OBJECTIVE_ORDER,
    apply_filters,
)
from practices.models import Practice

_ZERO = Value(0, output_field=IntegerField())


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    order: int = 0


@dataclass
class FacetCounts:
    name: str
    title: str
    options: list
    unknown: list  # chosen values that name nothing
    total_without: int | None = None  # results if this facet's filter were dropped
    # What the page shows of it (practices.browse.listing keeps long facets short).
    shown: list | None = None
    expanded: bool = False
    more_url: str = ""
    less_url: str = ""

    @property
    def selected(self):
        return [o for o in self.options if o.selected]


def _text(expr):
    return Cast(expr, output_field=CharField())


def _head(text):
    return Value(text, output_field=CharField())


def _counted_in(facet, practice_ids):
    """(facet, value, label, order, n) rows for the practices whose ids are given."""
    if facet.via is None:
        rows = Practice.objects.filter(pk__in=practice_ids).values_list(
            _head(facet.name),
            _text(facet.on_practice("value")),
            _text(facet.on_practice("label")),
            facet.on_practice("order"),
        )
        return rows.annotate(n=Count("pk")).order_by()
    through, owner, _ = facet.link_table()
    rows = through.objects.filter(**{f"{owner}__in": practice_ids}).values_list(
        _head(facet.name),
        _text(facet.on_link("value")),
        _text(facet.on_link("label")),
        facet.on_link("order"),
    )
    return rows.annotate(n=Count(owner, distinct=facet.distinct)).order_by()


def _chosen_rows(facet, chosen, visible):
    """The labels of the chosen values that exist (and, if private, that the reader may see)."""
    options = facet.model.objects.all()
    if facet.private_values:
        through, owner, target = facet.link_table()
        options = options.filter(
            pk__in=through.objects.filter(
                **{f"{owner}__in": visible.order_by().values("pk")}
            ).values(target)
        )
    return (
        options.annotate(_v=facet.on_model("value"))
        .filter(_v__in=chosen)
        .values_list(
            _head(f"{facet.name}:chosen"),
            _text(facet.on_model("value")),
            _text(facet.on_model("label")),
            facet.on_model("order"),
            _ZERO,
        )
        .order_by()
    )


def _total_row(facet, ids):
    """How many results dropping this facet's filter would give: names the narrowest."""
    return (
        Practice.objects.filter(pk__in=ids)
        .values_list(_head(f"{facet.name}:total"), _head(""), _head(""), _ZERO)
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )


def facet_counts(*, base, active, visible):
    """Count, for each facet, the practices each choice would give within the other filters.

    `base` is the visible (and searched) practices before filtering; `active` the validated
    filters ({facet: [values]}); `visible` the practices the reader may see, which alone may
    name a private value. Returns a list of FacetCounts in FACETS order, in one query.
    """
    parts = []
    for facet in FACETS:
        ids = apply_filters(base, active, without=facet.name).order_by().values("pk")
        parts.append(_counted_in(facet, ids))
        chosen = active.get(facet.name)
        if facet.name == "objective":
            parts.extend(_no_objective_rows(ids, chosen=NO_OBJECTIVE in (chosen or [])))
        if chosen:
            parts.append(_total_row(facet, ids))
        if chosen and facet.model is not None:
            parts.append(_chosen_rows(facet, chosen, visible))
    rows = parts[0].union(*parts[1:], all=True)
    return _assemble(list(rows), active)


def _no_objective_rows(ids, *, chosen):
    """The count of practices filed under no objective (one row, possibly 0), and its label.

    Link tables hold no row for them, so they are counted on Practice; the constant columns
    are not grouped, so each query gives exactly one row.
    """
    label = _head(str(NO_OBJECTIVE_LABEL))
    value = _head(NO_OBJECTIVE)
    order = Value(NO_OBJECTIVE_ORDER, output_field=IntegerField())
    heads = ["objective"] + (["objective:chosen"] if chosen else [])
    return [
        Practice.objects.filter(pk__in=ids, **({"objectives__isnull": True} if i == 0 else {}))
        .values_list(_head(head), value, label, order)
        .annotate(n=Count("pk"))
        .order_by()
        for i, head in enumerate(heads)
    ]


def _assemble(rows, active):
    counted = {facet.name: {} for facet in FACETS}
    known = {facet.name: {} for facet in FACETS}
    totals = {}
    for name, value, label, order, n in rows:
        if name.endswith(":total"):
            totals[name.split(":")[0]] = n
        elif name.endswith(":chosen"):
            known[name.split(":")[0]][value] = (label, order or 0)
        elif value is not None and n:  # practices without this relation form a group of their own
            counted[name][value] = (label, order or 0, n)
    return [_facet_counts(facet, counted, known, totals, active) for facet in FACETS]


def _facet_counts(facet, counted, known, totals, active):
    chosen = active.get(facet.name, [])
    options = {}
    for value, (label, order, n) in counted[facet.name].items():
        label = facet.choices.get(value, label)
        options[value] = FacetOption(value, str(label), n, value in chosen, order)
    unknown = []
    for value in chosen:
        if value in options:
            continue
        if facet.choices:
            if value in facet.choices:
                options[value] = FacetOption(value, str(facet.choices[value]), 0, True)
            else:
                unknown.append(value)
        elif facet.model is None:  # year: any valid year is a real choice
            options[value] = FacetOption(value, value, 0, True)
        elif value in known[facet.name]:
            label, order = known[facet.name][value]
            options[value] = FacetOption(value, label, 0, True, order)
        else:
            unknown.append(value)
    if facet.name == "year":
        ordered = sorted(options.values(), key=lambda o: -int(o.value))
    else:
        ordered = sorted(options.values(), key=lambda o: (o.order, -o.count, o.label.lower()))
    return FacetCounts(facet.name, str(facet.title), ordered, unknown, totals.get(facet.name, 0))
