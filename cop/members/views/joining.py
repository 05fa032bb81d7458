"""Applying to join (/join/): the form for visitors, and the page that thanks them."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cop.members import membership
from cop.members.forms import ApplicationForm
from cop.ratelimit import RateLimit, client_ip

SESSION_APPLIED_EMAIL = "cop_applied_email"


def application_rate_limit():
    return RateLimit(
        "membership-application",
        limit=settings.COP_APPLICATION_RATE_LIMIT,
        window=settings.COP_APPLICATION_RATE_WINDOW,
    )


@require_http_methods(["GET", "POST"])
def join(request):
    if request.user.is_authenticated:
        messages.info(request, _("You are already a member: this is your account page."))
        return redirect("accounts:account")
    if request.method != "POST":
        return render(request, "cop/account/join.html", {"form": ApplicationForm()})

    form = ApplicationForm(request.POST)
    limit, ip = application_rate_limit(), client_ip(request)
    if limit.is_exceeded(ip):
        # The form is shown again as typed, so nothing is lost while waiting.
        return render(
            request,
            "cop/account/join.html",
            {"form": form, "rate_limited": True},
            status=429,
        )
    if form.is_valid():
        data = form.cleaned_data
        # Every valid application counts towards the limit and gets the same answer, whether the
        # address is new, has an account or is already waiting: the form cannot be used to find
        # out which addresses have accounts. The address itself is told by e-mail.
        limit.hit(ip)
        try:
            membership.submit_application(
                full_name=data["full_name"],
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
                motivation=data["motivation"],
                country=data["country"],
                country_other=data["country_other"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[SESSION_APPLIED_EMAIL] = data["email"]
            return redirect("accounts:join_done")
    return render(request, "cop/account/join.html", {"form": form}, status=400)


@require_GET
def join_done(request):
    return render(
        request,
        "cop/account/join_done.html",
        {"email": request.session.get(SESSION_APPLIED_EMAIL, "")},
    )
