"""Pages about the programme: home, the six objectives, and events with their sessions; and
the About, Privacy and Contact pages."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cop import roles
from cop.models import Event, Objective, Presentation, Session
from countries.models import Country, Region
from practices.browse import build_listing
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


def objective_detail(request, slug):
    objective = get_object_or_404(Objective, slug=slug)
    listing = build_listing(request, fixed={"objective": [objective.slug]})
    sessions = objective.sessions.select_related("event").order_by("event__start_date", "order")
    return render(
        request,
        "cop/objective_detail.html",
        {
            "objective": objective,
            "listing": listing,
            "sessions": sessions,
            "all_objectives": Objective.objects.all(),
        },
    )


def event_list(request):
    events = Event.objects.annotate(
        session_count=Count("sessions", distinct=True),
        presentation_count=Count("sessions__presentations", distinct=True),
    ).order_by("-start_date")
    return render(request, "cop/event_list.html", {"events": events})


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


# --- About, Privacy, Contact ---------------------------------------------------------------
#
# Their text lives in the templates, not in the workshop data file: it is the site's own prose
# (what the community is, what the site keeps about people, how to reach the coordinators),
# translated with the rest of the interface, while the data file holds records that pages list.


@require_GET
def about(request):
    return render(
        request, "cop/about.html", {"event": Event.objects.order_by("-start_date").first()}
    )


@require_GET
def privacy(request):
    return render(
        request,
        "cop/privacy.html",
        {
            "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "contact_email": settings.COP_CONTACT_EMAIL,
        },
    )


@require_GET
def contact(request):
    coordinators = []
    if roles.is_member(request.user):
        # Members may see who the coordinators are (names link to their profile pages).
        coordinators = roles.coordinators().order_by("first_name", "last_name", "username")
    return render(
        request,
        "cop/contact.html",
        {"contact_email": settings.COP_CONTACT_EMAIL, "coordinators": coordinators},
    )
