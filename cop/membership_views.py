"""Joining: the application form for visitors, and the coordinators' pages to decide on them."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cop import membership
from cop.forms import ApplicationForm, ApproveForm, DeclineForm
from cop.models import ApplicationStatus, MembershipApplication
from cop.ratelimit import RateLimit, client_ip
from cop.roles import coordinator_required

APPLICATIONS_PER_PAGE = 50
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


@require_GET
@coordinator_required
def application_list(request):
    status = request.GET.get("status", ApplicationStatus.PENDING)
    if status not in ApplicationStatus.values:
        status = ApplicationStatus.PENDING
    applications = MembershipApplication.objects.filter(status=status).select_related(
        # The list shows each application's country and, once decided, who decided.
        "country",
        "decided_by",
    )
    if status == ApplicationStatus.PENDING:
        applications = applications.order_by("created_at", "pk")
    else:
        applications = applications.order_by("-decided_at", "-pk")
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    counts = MembershipApplication.objects.status_counts()
    return render(
        request,
        "cop/account/application_list.html",
        {
            "page": page,
            "status": status,
            "tabs": [(value, label, counts[value]) for value, label in ApplicationStatus.choices],
        },
    )


def _get_application(pk):
    # The page shows the country and the deciding coordinator, and links to the new member.
    return get_object_or_404(
        MembershipApplication.objects.select_related("country", "decided_by", "user"), pk=pk
    )


def _detail(request, application, *, approve_form=None, decline_form=None, status=200):
    return render(
        request,
        "cop/account/application_detail.html",
        {
            "application": application,
            "approve_form": approve_form or ApproveForm(auto_id="approve_%s"),
            "decline_form": decline_form or DeclineForm(auto_id="decline_%s"),
        },
        status=status,
    )


@require_GET
@coordinator_required
def application_detail(request, pk):
    return _detail(request, _get_application(pk))


@require_POST
@coordinator_required
def application_approve(request, pk):
    application = _get_application(pk)
    form = ApproveForm(request.POST, auto_id="approve_%s")
    if not form.is_valid():
        return _detail(request, application, approve_form=form, status=400)
    try:
        user = membership.approve_application(
            application=application,
            coordinator=request.user,
            message=form.cleaned_data["message"],
            internal_note=form.cleaned_data["internal_note"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(application.get_absolute_url())
    messages.success(
        request,
        _(
            "%(name)s is now a member (username %(username)s). They have been e-mailed a "
            "link to choose their password."
        )
        % {"name": application.full_name, "username": user.username},
    )
    return redirect("accounts:applications")


@require_POST
@coordinator_required
def application_decline(request, pk):
    application = _get_application(pk)
    form = DeclineForm(request.POST, auto_id="decline_%s")
    if not form.is_valid():
        return _detail(request, application, decline_form=form, status=400)
    try:
        membership.decline_application(
            application=application,
            coordinator=request.user,
            reason=form.cleaned_data["reason"],
            internal_note=form.cleaned_data["internal_note"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(application.get_absolute_url())
    messages.success(
        request,
        _("The application of %(name)s is declined; they have been e-mailed your reason.")
        % {"name": application.full_name},
    )
    return redirect("accounts:applications")
