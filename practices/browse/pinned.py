"""One view for every listing pinned to one thing: /objectives/<slug>/, /countries/<slug>/,
/tags/<slug>/.

Each is the listing of /practices/ with one facet fixed to the thing (applied, neither offered
nor removable), under a page about the thing. A new kind of pinned page is one more entry in
PINNED: the facet, how to load the thing, its template and what else its page shows.
"""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404, render

from cop.models import Objective, Presentation
from countries.models import Country
from practices import permissions
from practices.browse.listing import build_listing


def _objective(request, slug):
    return get_object_or_404(Objective, slug=slug)


def _objective_extras(objective):
    return {
        # Each session shows the event it was part of.
        "sessions": objective.sessions.select_related("event").order_by(
            "event__start_date", "order"
        ),
        "all_objectives": Objective.objects.all(),
    }


def _country(request, slug):
    # The page names the country's region and programme phases.
    return get_object_or_404(
        Country.objects.select_related("region").prefetch_related("phases"), slug=slug
    )


def _country_extras(country):
    return {
        # Each presentation names its session, event and organisation.
        "presentations": Presentation.objects.filter(country=country)
        .select_related("session__event", "organisation")
        .order_by("session__event__start_date", "session__order", "order")
    }


@dataclass(frozen=True)
class Pinned:
    facet: str  # the facet fixed, and the name of the thing in the template
    load: object  # (request, slug) -> the thing, or Http404
    template: str
    extras: object = field(default=lambda thing: {})  # thing -> more context


PINNED = {
    "objective": Pinned("objective", _objective, "cop/objective_detail.html", _objective_extras),
    "country": Pinned("country", _country, "countries/country_detail.html", _country_extras),
    "tag": Pinned(
        "tag", lambda request, slug: permissions.get_tag_for_user(request.user, slug),
        "practices/tag_detail.html",
    ),
}  # fmt: skip


def pinned_listing(request, slug, *, facet):
    pinned = PINNED[facet]
    thing = pinned.load(request, slug)
    listing = build_listing(request, fixed={facet: [thing.slug]})
    return render(
        request,
        pinned.template,
        {facet: thing, "listing": listing, **pinned.extras(thing)},
    )
