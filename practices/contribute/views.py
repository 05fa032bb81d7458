"""Members contribute: the practice form (new and edit), submitting, and "My practices".

Serves /practices/new/, /practices/mine/, /practices/<slug>/edit/ and /practices/<slug>/submit/
(URL names `practices:new`, `mine`, `edit`, `submit`, from `practices.contribute.urls`).

The form never loses what someone typed: a preview saves nothing, a refused save (someone
else saved in between: 409; too many submissions: 429) shows the text again, and a session
that expired while writing gets the whole form back with a sign-in box in it, so the writer
signs in and saves in one request. Nothing is stored for a signed-out request: the text
travels in the page, never in the database.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cop.members.forms import SignInForm
from practices import permissions, workflow
from practices.contribute.forms import PracticeForm, tag_suggestions
from practices.markdown import render_markdown
from practices.models import PracticeRevision, Status
from practices.permissions import (
    can_contribute,
    can_edit_revision,
    can_submit,
    get_practice_for_user,
    get_practice_to_edit,
)
from practices.refusals import answers_refusals, http_status
from practices.workflow import snapshots

PREVIEW_FIELDS = ["problem", "body", "results", "lessons", "adaptation"]
ACTIONS = ("preview", "save", "submit")
SIGN_IN_PREFIX = "sign_in"


# --- Signing in from the form, when the session ended while writing -------------------------


def _sign_in_and_continue(request, view, *args, **kwargs):
    """A signed-out POST to the form: sign in with the box in the form, then do what was asked.

    Without (right) credentials, the form comes back with everything typed and the sign-in box
    (403); nothing is written anywhere. The sign-in is Django's own authentication, so
    django-axes counts failures and locks out as on the sign-in page.
    """
    sign_in = SignInForm(request, data=request.POST, prefix=SIGN_IN_PREFIX)
    attempted = any(key.startswith(f"{SIGN_IN_PREFIX}-") for key in request.POST)
    error, status = None, 403
    if attempted and sign_in.is_valid():
        user = sign_in.get_user()
        if can_contribute(user):
            login(request, user)
            return view(request, *args, **kwargs)
        error = _("This account cannot contribute practices: sign in with a member's account.")
    elif attempted and getattr(request, "axes_locked_out", False):
        # Keep the page (and the text in it) rather than axes' lockout page; the sign-in
        # itself stays refused until the lockout ends.
        request.axes_locked_out = False
        error = _(
            "Too many attempts to sign in: signing in from your connection is paused for a "
            "while. Your text is kept below; copy it somewhere safe if you cannot wait."
        )
        status = 429
    if not attempted or error is not None:
        typed = request.POST.get(f"{SIGN_IN_PREFIX}-username", "")[:254]
        sign_in = SignInForm(request, prefix=SIGN_IN_PREFIX, initial={"username": typed})
    action = request.POST.get("action")
    return _render_form(
        request,
        PracticeForm(request.POST),
        status=status,
        sign_in=sign_in,  # bound after a failed sign-in, to say why
        sign_in_action=action if action in ACTIONS else "save",
        error=error,
    )


def contributing_member_required(view):
    """Members only (`permissions.can_contribute`): others sign in, or get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_contribute(request.user):
            raise PermissionDenied("Only members can contribute.")
        return view(request, *args, **kwargs)

    return wrapper


def contribution_form(view):
    """Members only; a signed-out POST gets its text back with a sign-in box in the form."""
    members_only = contributing_member_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated and request.method == "POST":
            return _sign_in_and_continue(request, view, *args, **kwargs)
        return members_only(request, *args, **kwargs)

    return wrapper


# --- The form -------------------------------------------------------------------------------


def _render_form(request, form, *, practice=None, revision=None, status=200, **extra):
    previews = []
    if extra.get("preview"):
        data = form.cleaned_data
        previews = [
            (form[name].label, render_markdown(data.get(name, "")))
            for name in PREVIEW_FIELDS
            if data.get(name)
        ]
    context = {
        "form": form,
        "practice": practice,
        "revision": revision,
        "previews": previews,
        "tag_suggestions": tag_suggestions(request.user),
        "may_submit": practice is None or can_submit(request.user, practice),
        "is_revision": practice is not None and practice.status == Status.PUBLISHED,
        **extra,
    }
    return render(request, "practices/practice_form.html", context, status=status)


def _handle_post(request, *, practice, revision):
    form = PracticeForm(request.POST)
    action = request.POST.get("action", "save")
    if not form.is_valid():
        return _render_form(request, form, practice=practice, revision=revision, status=400)
    warning = form.personal_data_warning()
    if action == "preview":
        return _render_form(
            request, form, practice=practice, revision=revision, preview=True, warning=warning
        )
    snapshot = snapshots.from_form(form.cleaned_data)
    lock_version = form.cleaned_data.get("lock_version") or 0
    submit = action == "submit"
    try:
        if practice is None:
            practice = workflow.create_practice(
                author=request.user, snapshot=snapshot, submit=submit
            )
            done = _("Practice submitted for review.") if submit else _("Draft saved.")
        elif practice.status == Status.PUBLISHED:
            workflow.propose_revision(
                practice=practice, actor=request.user, snapshot=snapshot, lock_version=lock_version
            )
            done = _(
                "Your changes are waiting for review; the published text stays until they are "
                "approved."
            )
        else:
            practice = workflow.save_draft(
                practice=practice,
                actor=request.user,
                snapshot=snapshot,
                lock_version=lock_version,
                submit=submit,
            )
            done = _("Practice submitted for review.") if submit else _("Draft saved.")
    except workflow.Stale as conflict:
        data = request.POST.copy()
        # Saving again now replaces the other save: deliberately, after seeing it.
        data["lock_version"] = conflict.practice.lock_version
        return _render_form(
            request,
            PracticeForm(data),
            practice=practice,
            revision=revision,
            status=409,
            error=conflict.message,
            conflict=conflict.practice,
        )
    except workflow.WorkflowError as refusal:
        return _render_form(
            request,
            PracticeForm(request.POST),
            practice=practice,
            revision=revision,
            status=http_status(refusal),
            error=refusal.message,
        )
    messages.success(request, done)
    if warning:
        messages.warning(request, _personal_data_message(warning))
    if practice.status in (Status.DRAFT, Status.CHANGES_REQUESTED):
        return redirect("practices:edit", slug=practice.slug)
    return redirect(practice)


def _personal_data_message(found):
    return _(
        "Your text seems to contain %(things)s. Check that it contains no personal data of "
        "victims before it is published."
    ) % {"things": "; ".join(str(f) for f in found)}


@require_http_methods(["GET", "POST"])
@contribution_form
def practice_new(request):
    if request.method == "POST":
        return _handle_post(request, practice=None, revision=None)
    return _render_form(request, PracticeForm())


@require_http_methods(["GET", "POST"])
@contribution_form
def practice_edit(request, slug):
    practice = get_practice_to_edit(request.user, slug)
    revision = None
    if practice.status == Status.PUBLISHED:
        revision = practice.revisions.open().select_related("author").first()
        if revision is not None and not can_edit_revision(request.user, revision):
            return render(
                request,
                "practices/workflow_error.html",
                {
                    "practice": practice,
                    "message": _(
                        "A revision of this practice is already waiting for review; it must be "
                        "decided on before anyone else edits it."
                    ),
                },
                status=409,
            )
    if request.method == "POST":
        return _handle_post(request, practice=practice, revision=revision)
    source = revision.snapshot if revision is not None else snapshots.take(practice)
    initial = PracticeForm.initial_from_snapshot(source, practice.lock_version)
    return _render_form(
        request, PracticeForm(initial=initial), practice=practice, revision=revision
    )


# --- Submitting from the practice page, and the member's own list ---------------------------


@require_POST
@contributing_member_required
@answers_refusals
def practice_submit(request, slug):
    practice = get_practice_for_user(request.user, slug)
    workflow.submit(practice=practice, actor=request.user)
    messages.success(request, _("Practice submitted for review. Coordinators have been told."))
    return redirect(practice)


@require_http_methods(["GET"])
@contributing_member_required
def my_practices(request):
    practices = list(
        permissions.authored_by(request.user)
        # Each row says whether a revision of it is waiting, and in which state.
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=PracticeRevision.objects.open(),
                to_attr="open_revisions",
            )
        )
        .order_by("-updated_at", "title")
    )
    for practice in practices:
        # What the row offers: edit the draft, propose changes, or nothing.
        practice.edit_offer = permissions.edit_offer(request.user, practice)
    return render(
        request,
        "practices/my_practices.html",
        {"practices": practices, "new_url": reverse("practices:new")},
    )
