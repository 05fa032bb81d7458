"""The programme's pages that show practices: home, the objectives index, the countries index,
and an event's page (its sessions with the practices they gave rise to).

They live here, not in cop or countries, because what they count and list is what the reader
may see of practices: cop and countries never import practices.
"""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from cop.models import Event, Objective, Presentation, Session
from countries.models import Country, Phase, Region
from practices.permissions import visible_practices


def _objectives_with_counts(visible):
    return Objective.objects.annotate(
        practice_count=Count("practices", filter=Q(practices__in=visible), distinct=True)
    ).order_by("number")


def home(request):
    visible = visible_practices(request.user)
    countries = Country.objects.with_practice_counts(visible).order_by("name")
    regions = Region.objects.prefetch_related(
        # The home page lists countries under their region, each with its practice count.
        Prefetch("countries", queryset=countries)
    )
    featured = list(visible.filter(featured=True).for_cards().order_by("title")[:3])
    return render(
        request,
        "cop/home.html",
        {
            "objectives": _objectives_with_counts(visible),
            "featured": featured,
            # The featured cards are shown just above: never a second time (nor a second id).
            "recent": visible.exclude(pk__in=[p.pk for p in featured])
            .for_cards()
            .order_by("-published_at", "title")[:6],
            "practice_total": visible.count(),
            "regions": regions,
            "events": Event.objects.order_by("-start_date")[:3],
        },
    )


def objective_list(request):
    visible = visible_practices(request.user)
    return render(
        request, "cop/objective_list.html", {"objectives": _objectives_with_counts(visible)}
    )


def country_list(request):
    visible = visible_practices(request.user)
    countries = Country.objects.with_practice_counts(visible).order_by("name")
    regions = Region.objects.prefetch_related(
        # Countries under each region, each with its count of practices.
        Prefetch("countries", queryset=countries.prefetch_related("phases"))
    )
    phases = Phase.objects.prefetch_related(Prefetch("countries", queryset=countries))
    non_partners = countries.filter(phases__isnull=True)
    return render(
        request,
        "countries/country_list.html",
        {"regions": regions, "phases": phases, "non_partners": non_partners},
    )


def event_detail(request, slug):
    visible = visible_practices(request.user)
    linked = visible.only(
        "title", "slug", "visibility", "source_session_id", "source_presentation_id"
    )
    event = get_object_or_404(Event.objects.prefetch_related("figures"), slug=slug)
    sessions = (
        Session.objects.filter(event=event)
        .order_by("order")
        .prefetch_related(
            "objectives",
            # Each presentation shows who spoke, for whom, and the practices it gave rise to.
            Prefetch(
                "presentations",
                queryset=Presentation.objects.select_related("organisation", "country")
                .prefetch_related(Prefetch("practices", queryset=linked.order_by("title")))
                .order_by("order"),
            ),
            Prefetch(
                "practices",
                queryset=linked.filter(source_presentation__isnull=True).order_by("title"),
                to_attr="session_level_practices",
            ),
        )
    )
    figures = {}
    for figure in event.figures.all():
        figures.setdefault(figure.group or "", []).append(figure)
    return render(
        request,
        "cop/event_detail.html",
        {
            "event": event,
            "sessions": sessions,
            "figure_groups": figures.items(),
            "practice_count": visible.filter(source_event=event).count(),
        },
    )
