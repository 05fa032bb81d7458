"""The practice listing behind /practices/ and the pinned listings (objective, country, tag).

One function turns a request into what the listing shows: the visible practices, searched and
filtered, grouped under the six objectives (or ranked when searching), one page of them, the
facets with their counts, the active filters as removable chips, and any message about input
that was ignored. Its query count does not grow with the number of practices or filters.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Min
from django.http import QueryDict
from django.utils.translation import gettext as _

from cop.models import Objective
from practices import search
from practices.browse.facets import facet_counts
from practices.browse.filters import FACETS_BY_NAME, SORT, PracticeFilterSet
from practices.permissions import visible_practices

MAX_QUERY_LENGTH = 200
# A facet shows its most used choices (and every chosen one); `?more=tag` shows all of them.
FACET_LIMIT = 10
EXPAND = "more"
# Phones and word processors type curly quotes; the phrase syntax wants straight ones.
SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


@dataclass
class Chip:
    facet: str
    facet_title: str
    value: str
    label: str
    remove_url: str


@dataclass
class Listing:
    query: str
    sort: str
    page: object
    groups: list  # [(objective, [practice, ...])] when grouped, else []
    facets: list
    chips: list
    notices: list = field(default_factory=list)
    suggestion: str | None = None
    clear_url: str = "?"
    drop_suggestion: Chip | None = None
    drop_count: int = 0

    @property
    def grouped(self):
        return bool(self.groups)

    @property
    def total(self):
        return self.page.paginator.count


def clean_query(raw):
    """The search text as we use it: no NUL or control characters, at most 200 characters."""
    text = (raw or "").translate(SMART_QUOTES)
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _url(params):
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass
class Selection:
    """The practices a request asks for: visible, searched, filtered and ordered."""

    query: str
    sort: str
    data: QueryDict  # the filter parameters, fixed ones included
    active: dict  # the valid filters in force, fixed ones included: {facet: [values]}
    params: QueryDict  # the request's own parameters, fixed ones removed
    visible: object  # the practices the reader may see
    base: object  # visible (and searched) practices before filtering
    results: object
    grouped: bool
    notices: list


def select_practices(request, *, fixed=None):
    """Turn the request's parameters into the queryset of practices they select.

    `fixed` pins filters for pages about one thing ({"objective": ["children"]}): they apply
    but are neither shown as facets nor removable. Input that cannot be used is ignored and
    explained in `notices`; nothing here raises on user input.
    """
    fixed = fixed or {}
    notices = []
    params = request.GET.copy()
    for name in fixed:
        params.pop(name, None)

    raw_query = params.get("q", "")
    query = clean_query(raw_query)
    if len(raw_query) > MAX_QUERY_LENGTH:
        notices.append(
            _("Your search was shortened to its first %(n)d characters.") % {"n": MAX_QUERY_LENGTH}
        )

    sort = params.get("sort") or (SORT.RELEVANCE if query else "")
    if sort and sort not in dict(SORT.CHOICES):
        notices.append(_("Unknown sort order ignored; showing the default order."))
        sort = SORT.RELEVANCE if query else ""

    data = params.copy()
    data.pop(EXPAND, None)  # how many choices a facet shows is not a filter
    for name, values in fixed.items():
        data.setlist(name, values)

    visible = base = visible_practices(request.user)
    if query:
        base = search.search(base, query)

    # The one validation of the filters for this request.
    filterset = PracticeFilterSet(data=data, queryset=base)
    active = filterset.active()
    for name, errors in filterset.errors.items():
        title = FACETS_BY_NAME[name].title if name in FACETS_BY_NAME else name
        notices.append(
            _("%(title)s filter ignored: %(error)s") % {"title": title, "error": errors[0]}
        )
    results = filterset.qs

    grouped = not query and sort not in (SORT.NEWEST, SORT.TITLE)
    if grouped:
        # Practices their source ties to no objective come last, in a group of their own.
        results = results.annotate(primary_objective=Min("objectives__number")).order_by(
            F("primary_objective").asc(nulls_last=True), "-published_at", "title", "pk"
        )
    elif sort == SORT.NEWEST or (sort == SORT.RELEVANCE and not query):
        results = results.order_by("-published_at", "title", "pk")
    elif sort == SORT.TITLE:
        results = results.order_by("title", "pk")
    # Searching with relevance keeps search()'s rank order.
    return Selection(query, sort, data, active, params, visible, base, results, grouped, notices)


def build_listing(request, *, fixed=None, per_page=None):
    """Everything the listing template needs: one page, the facets, the chips, the notices."""
    fixed = fixed or {}
    selection = select_practices(request, fixed=fixed)
    params, notices, query = selection.params, selection.notices, selection.query

    paginator = Paginator(selection.results.for_cards(), per_page or settings.PRACTICES_PER_PAGE)
    raw_page = params.get("page")
    page = paginator.get_page(raw_page)
    if raw_page not in (None, "", str(page.number)):
        notices.append(
            _("There is no page “%(page)s”; showing page %(number)d of %(count)d.")
            % {"page": raw_page[:20], "number": page.number, "count": paginator.num_pages}
        )
    page.object_list = list(page.object_list)

    groups = []
    if selection.grouped:
        objectives = {o.number: o for o in Objective.objects.all()}
        for practice in page.object_list:
            objective = objectives.get(practice.primary_objective)
            if groups and groups[-1][0] == objective:
                groups[-1][1].append(practice)
            else:
                groups.append((objective, [practice]))

    all_facets = facet_counts(
        base=selection.base, active=selection.active, visible=selection.visible
    )
    facets = [f for f in all_facets if _shown(f, fixed)]
    expanded = set(params.getlist(EXPAND))
    for facet in facets:
        _limit(facet, expanded=expanded, params=params)
    chips = []
    for facet in facets:
        for value in facet.unknown:
            notices.append(
                _("No %(facet)s called “%(value)s”: that filter matches nothing.")
                % {"facet": facet.title.lower(), "value": value}
            )
        for option in facet.selected + [_Unknown(v) for v in facet.unknown]:
            remaining = params.copy()
            kept = [v for v in params.getlist(facet.name) if v.strip().lower() != option.value]
            remaining.setlist(facet.name, kept)
            remaining.pop("page", None)
            chips.append(Chip(facet.name, facet.title, option.value, option.label, _url(remaining)))

    clear = QueryDict(mutable=True)
    if query:
        clear["q"] = query
    listing = Listing(
        query=query,
        sort=selection.sort,
        page=page,
        groups=groups,
        facets=facets,
        chips=chips,
        notices=notices,
        clear_url=_url(clear),
    )
    if paginator.count == 0:
        if query:
            listing.suggestion = search.suggest(query)
        if chips:
            # The narrowest filter is the one whose removal gives the most results.
            by_facet = {f.name: f for f in facets}
            best = max(chips, key=lambda c: by_facet[c.facet].total_without or 0)
            listing.drop_suggestion = best
            listing.drop_count = by_facet[best.facet].total_without or 0
    return listing


def _shown(facet, fixed):
    """Whether a facet is offered on a page whose `fixed` filters are pinned.

    A pinned facet is not offered; nor is one describing it (a country page's regions), unless
    the link asks for it, so that a filter in force is always visible and removable.
    """
    if facet.name in fixed:
        return False
    if FACETS_BY_NAME[facet.name].describes in fixed:
        return bool(facet.selected or facet.unknown)
    return True


def _limit(facet, *, expanded, params):
    """Keep a long facet short: its FACET_LIMIT most used choices plus every chosen one.

    The full list is one link away (`?more=<facet>`, no script needed); both links keep
    every filter of the page.
    """
    facet.expanded = facet.name in expanded
    facet.shown = facet.options
    if len(facet.options) <= FACET_LIMIT:
        return
    if facet.expanded:
        fewer = params.copy()
        fewer.setlist(EXPAND, [v for v in params.getlist(EXPAND) if v != facet.name])
        facet.less_url = f"{_url(fewer)}#facet-{facet.name}"
        return
    most_used = sorted(facet.options, key=lambda o: -o.count)[:FACET_LIMIT]
    keep = {o.value for o in most_used}
    facet.shown = [o for o in facet.options if o.value in keep or o.selected]
    more = params.copy()
    more.setlist(EXPAND, [v for v in params.getlist(EXPAND) if v in FACETS_BY_NAME] + [facet.name])
    facet.more_url = f"{_url(more)}#facet-{facet.name}"


@dataclass
class _Unknown:
    value: str

    @property
    def label(self):
        return self.value
