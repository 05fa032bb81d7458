"""The coordinators' pages for applications to join (/curation/applications/): the list by
status, one application, and approving or declining it (POST only). The form a visitor fills in
is in cop.members.views.joining."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.members import membership
from cop.members.forms import ApproveForm, DeclineForm
from cop.members.models import ApplicationStatus, MembershipApplication
from cop.members.roles import coordinator_required

APPLICATIONS_PER_PAGE = 50


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


def _decide(request, pk, prefix, form_class, decide):
    """Approve or decline: check the form, call the service, tell the coordinator what happened.

    `prefix` names the form on the page ("approve", "decline"); `decide(application,
    coordinator, data)` calls the service and returns the message for the coordinator.
    """
    application = _get_application(pk)
    form = form_class(request.POST, auto_id=f"{prefix}_%s")
    if not form.is_valid():
        return _detail(request, application, status=400, **{f"{prefix}_form": form})
    try:
        done = decide(application, request.user, form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(application.get_absolute_url())
    messages.success(request, done)
    return redirect("curation:applications")


def _approve(application, coordinator, data):
    user = membership.approve_application(
        application=application,
        coordinator=coordinator,
        message=data["message"],
        internal_note=data["internal_note"],
    )
    return _(
        "%(name)s is now a member (username %(username)s). They have been e-mailed a "
        "link to choose their password."
    ) % {"name": application.full_name, "username": user.username}


def _decline(application, coordinator, data):
    membership.decline_application(
        application=application,
        coordinator=coordinator,
        reason=data["reason"],
        internal_note=data["internal_note"],
    )
    return _("The application of %(name)s is declined; they have been e-mailed your reason.") % {
        "name": application.full_name
    }


@require_POST
@coordinator_required
def application_approve(request, pk):
    return _decide(request, pk, "approve", ApproveForm, _approve)


@require_POST
@coordinator_required
def application_decline(request, pk):
    return _decide(request, pk, "decline", DeclineForm, _decline)
