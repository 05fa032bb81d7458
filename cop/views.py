"""Pages about the programme that show no practice: the events index; and the About, Privacy
and Contact pages. (Home, the objectives, an event's page and the countries show practices:
practices.browse serves them.)"""

from django.conf import settings
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cop.members import roles
from cop.models import Event


def event_list(request):
    events = Event.objects.annotate(
        session_count=Count("sessions", distinct=True),
        presentation_count=Count("sessions__presentations", distinct=True),
    ).order_by("-start_date")
    return render(request, "cop/event_list.html", {"events": events})


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
