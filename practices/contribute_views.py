"""Members contribute: the practice form (new and edit), submitting, and "My practices".

The form never loses what someone typed: a preview saves nothing, a refused save (someone
else saved in between: 409; too many submissions: 429) shows the text again, and a session
that expired while writing keeps the draft through sign-in (it waits in the session).
"""

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cop.roles import member_required
from practices import snapshots, workflow
from practices.forms import PracticeForm, tag_suggestions
from practices.markdown import render_markdown
from practices.models import Practice, PracticeRevision, Status
from practices.permissions import (
    can_contribute,
    can_edit_revision,
    can_submit,
    get_practice_for_user,
    get_practice_to_edit,
)

STASH_KEY = "practices:unsaved_form"
MAX_STASH_BYTES = 200_000
PREVIEW_FIELDS = ["problem", "body", "results", "lessons", "adaptation"]


# --- Keeping a draft through sign-in --------------------------------------------------------


def _stash_and_sign_in(request):
    """An anonymous POST to the form (the session expired): keep the text, ask to sign in."""
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    if len(json.dumps(data)) <= MAX_STASH_BYTES:
        request.session[STASH_KEY] = {"path": request.path, "data": data}
        messages.info(
            request,
            _("Your session had ended, so nothing was saved yet. Sign in to get your text back."),
        )
    return redirect_to_login(request.get_full_path())


def _take_stash(request):
    stash = request.session.get(STASH_KEY)
    if not stash or stash.get("path") != request.path:
        return None
    del request.session[STASH_KEY]
    data = QueryDict(mutable=True)
    for key, values in stash["data"].items():
        data.setlist(key, values)
    return data


def contribution_form(view):
    """Members only; a signed-out POST keeps its text for after sign-in."""

    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                return _stash_and_sign_in(request)
            return redirect_to_login(request.get_full_path())
        if not can_contribute(request.user):
            raise PermissionDenied("Only members can contribute.")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
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
    except workflow.EditConflict as conflict:
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
            status=refusal.status_code,
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
    stashed = _take_stash(request)
    if stashed is not None:
        messages.info(request, _("Welcome back: here is the text you were writing."))
        return _render_form(request, PracticeForm(stashed), restored=True)
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
    stashed = _take_stash(request)
    if stashed is not None:
        messages.info(request, _("Welcome back: here is the text you were writing."))
        return _render_form(
            request, PracticeForm(stashed), practice=practice, revision=revision, restored=True
        )
    source = revision.snapshot if revision is not None else snapshots.take(practice)
    initial = PracticeForm.initial_from_snapshot(source, practice.lock_version)
    return _render_form(
        request, PracticeForm(initial=initial), practice=practice, revision=revision
    )


# --- Submitting from the practice page, and the member's own list ---------------------------


@require_POST
@member_required
def practice_submit(request, slug):
    practice = get_practice_for_user(request.user, slug)
    try:
        workflow.submit(practice=practice, actor=request.user)
    except workflow.WorkflowError as refusal:
        return workflow_refusal(request, refusal, practice=practice)
    messages.success(request, _("Practice submitted for review. Coordinators have been told."))
    return redirect(practice)


def workflow_refusal(request, refusal, *, practice=None):
    """The page that says why a change was refused, with the refusal's status code."""
    return render(
        request,
        "practices/workflow_error.html",
        {"practice": practice, "message": refusal.message},
        status=refusal.status_code,
    )


@require_http_methods(["GET"])
@member_required
def my_practices(request):
    practices = (
        Practice.objects.filter(contributor=request.user)
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
    return render(
        request,
        "practices/my_practices.html",
        {"practices": practices, "new_url": reverse("practices:new")},
    )
