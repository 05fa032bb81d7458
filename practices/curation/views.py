"""Coordinators curate: the review queue, decisions, revisions, versions, featuring and tags.

Serves /curation/ (namespace `curation:`, from `practices.curation.urls`). Every page here is
for coordinators (and admins); anyone else signed in gets 403, signed-out visitors are sent to
sign in. Decisions are POST forms; the rules they follow live in `practices.permissions`, the
changes in `practices.workflow`, and a refused change is answered by `practices.refusals`.
"""

import heapq

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.members.roles import coordinator_required
from cop.models import Objective
from countries.models import Country
from practices import permissions, workflow
from practices.contribute.forms import PracticeForm
from practices.curation.forms import (
    CommentForm,
    DecisionForm,
    QueueFilterForm,
)
from practices.models import Practice, PracticeRevision, PracticeVersion, Status
from practices.personal_data import personal_data_found
from practices.refusals import answers_refusals
from practices.workflow import snapshots

KIND_SUBMISSION = QueueFilterForm.SUBMISSION
KIND_REVISION = QueueFilterForm.REVISION


def _practice(slug, queryset=None):
    # Coordinators may open any practice; the helper still answers 404 for a wrong slug.
    return get_object_or_404(queryset if queryset is not None else Practice.objects, slug=slug)


# --- The queue ------------------------------------------------------------------------------


def _queue(kind, *, objective, country):
    """What waits, oldest first (nobody waits forever): (kind, submission or revision) pairs.

    The database filters each kind and orders it by how long it has waited; the two ordered
    streams are merged, submissions first on a tie. Each row comes with its author and the
    objectives and countries it shows, in a fixed number of queries.
    """
    streams = []
    if kind != KIND_REVISION:
        submissions = (
            Practice.objects.awaiting_review()
            .filed_under(objective=objective, country=country)
            .select_related("author")
            .prefetch_related("objectives", "countries")
            .order_by("waiting_since", "pk")
        )
        streams.append([(KIND_SUBMISSION, row) for row in submissions])
    if kind != KIND_SUBMISSION:
        revisions = (
            PracticeRevision.objects.awaiting_review()
            .filed_under(objective=objective, country=country)
            .select_related("practice", "author")
            .prefetch_related("practice__objectives", "practice__countries")
            .order_by("waiting_since", "pk")
        )
        streams.append([(KIND_REVISION, row) for row in revisions])
    return heapq.merge(*streams, key=lambda item: item[1].waiting_since)


@require_GET
@coordinator_required
def queue(request):
    # An unknown filter value (a stale link, a typo, a probe) is named and left out; the
    # page answers 400 so a checker sees that the request was not understood.
    filter_form = QueueFilterForm(request.GET)
    chosen = filter_form.filters()
    kind = chosen["kind"] or ""
    items = []
    for item_kind, row in _queue(kind, objective=chosen["objective"], country=chosen["country"]):
        if item_kind == KIND_SUBMISSION:
            item = {"practice": row, "who": row.author}
        else:
            item = {"practice": row.practice, "who": row.author, "revision": row}
        items.append({"kind": item_kind, "since": row.waiting_since, **item})
    return render(
        request,
        "practices/curation/queue.html",
        {
            "items": items,
            "totals": {
                KIND_SUBMISSION: Practice.objects.awaiting_review().count(),
                KIND_REVISION: PracticeRevision.objects.awaiting_review().count(),
            },
            "kind": kind,
            "objective": chosen["objective"].slug if chosen["objective"] else "",
            "country": chosen["country"].slug if chosen["country"] else "",
            "objectives": Objective.objects.order_by("number"),
            "countries": Country.objects.filter(practices__isnull=False)
            .distinct()
            .order_by("name"),
            "waiting_for_authors": Practice.objects.filter(status=Status.CHANGES_REQUESTED).count(),
            "filter_errors": [error for errors in filter_form.errors.values() for error in errors],
        },
        status=400 if filter_form.errors else 200,
    )


# --- Reviewing a submission -----------------------------------------------------------------


def _review_context(request, practice):
    return {
        "practice": practice,
        "timeline": practice.transitions.select_related("actor").order_by("-created_at", "-pk"),
        "open_revision": practice.revisions.open().first(),
        "may_decide": permissions.can_review(request.user, practice),
        "decide_url": reverse("curation:decide", kwargs={"slug": practice.slug}),
        "may": {
            "archive": permissions.can_archive(request.user, practice),
            "feature": permissions.can_feature(request.user, practice),
        },
        "warning": _personal_data(snapshots.take(practice)),
    }


def _personal_data(snapshot):
    # Each finding names the field, with the label the author saw on the form.
    fields = PracticeForm.base_fields
    return personal_data_found({fields[n].label: snapshot.get(n) for n in PracticeForm.TEXT_FIELDS})


@require_GET
@coordinator_required
def review(request, slug):
    practice = _practice(
        slug,
        # The review shows everything the public page will: source, classification, tags.
        Practice.objects.select_related(
            "author",
            "source_event",
            "source_session__event",
            "source_presentation__session__event",
        ).prefetch_related("objectives", "countries", "themes", "organisations", "tags"),
    )
    context = _review_context(request, practice)
    context["form"] = DecisionForm(proposed_visibility=practice.visibility)
    return render(request, "practices/curation/review.html", context)


# --- Reviewing a revision -------------------------------------------------------------------


def _revision(pk):
    return get_object_or_404(
        PracticeRevision.objects.select_related("practice", "author", "reviewer"), pk=pk
    )


def _revision_context(request, revision):
    live = snapshots.take(revision.practice)
    proposed = {**live, **revision.snapshot}
    return {
        "revision": revision,
        "restored_from": revision.snapshot.get(workflow.RESTORED_FROM),
        "practice": revision.practice,
        "changes": snapshots.changes(live, proposed),
        "may_decide": permissions.can_review_revision(request.user, revision),
        "decide_url": reverse("curation:revision_decide", kwargs={"pk": revision.pk}),
        "warning": _personal_data(proposed),
    }


@require_GET
@coordinator_required
def revision_detail(request, pk):
    revision = _revision(pk)
    context = _revision_context(request, revision)
    context["form"] = DecisionForm(proposed_visibility=_proposed_visibility(revision))
    return render(request, "practices/curation/revision.html", context)


def _proposed_visibility(revision):
    return revision.snapshot.get(snapshots.VISIBILITY) or revision.practice.visibility


# --- Deciding, on a submission or on a revision ---------------------------------------------

DONE = {
    (False, workflow.PUBLISH): _("Published. The author has been told."),
    (False, workflow.REQUEST_CHANGES): _("Sent back to the author with your comment."),
    (False, workflow.REJECT): _("Rejected. The author has been told why."),
    (True, workflow.PUBLISH): _("The revision is now the published text."),
    (True, workflow.REQUEST_CHANGES): _("Sent back to its author with your comment."),
    (True, workflow.REJECT): _("Revision rejected. Its author has been told why."),
}


@require_POST
@coordinator_required
@answers_refusals
def decide(request, slug=None, pk=None):
    """A decision on a submission (`slug`) or on a revision (`pk`): one form, one service.

    The service loads and locks the practice; the page is loaded only to show the form again.
    """
    form = DecisionForm(request.POST)
    if not form.is_valid():
        if pk is not None:
            revision = _revision(pk)
            context, template = _revision_context(request, revision), "revision.html"
            proposed = _proposed_visibility(revision)
        else:
            practice = _practice(slug)
            context, template = _review_context(request, practice), "review.html"
            proposed = practice.visibility
        context["form"] = DecisionForm(request.POST, proposed_visibility=proposed)
        return render(request, f"practices/curation/{template}", context, status=400)
    data = form.cleaned_data
    workflow.decide(
        decision=data["decision"],
        actor=request.user,
        practice=slug,
        revision=pk,
        checklist=data["checks"],
        comment=data["comment"],
        visibility=data["visibility"] or None,
    )
    messages.success(request, DONE[pk is not None, data["decision"]])
    return redirect("curation:queue")


# --- Archiving and featuring ----------------------------------------------------------------


@require_POST
@coordinator_required
@answers_refusals
def archive(request, slug):
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    practice = workflow.archive(practice=slug, actor=request.user, comment=comment)
    messages.success(request, _("Archived: the practice is kept but no longer public."))
    return redirect(practice)


@answers_refusals
def _set_featured(request, slug, featured):
    practice = workflow.set_featured(practice=slug, actor=request.user, featured=featured)
    messages.success(
        request,
        _("Featured on the home page.") if featured else _("No longer featured."),
    )
    return redirect(practice)


@require_POST
@coordinator_required
def feature(request, slug):
    return _set_featured(request, slug, True)


@require_POST
@coordinator_required
def unfeature(request, slug):
    return _set_featured(request, slug, False)


# --- Versions -------------------------------------------------------------------------------


@require_GET
@coordinator_required
def version_list(request, slug):
    practice = _practice(slug)
    versions = practice.versions.select_related("created_by").order_by("-number")
    return render(
        request,
        "practices/curation/versions.html",
        {"practice": practice, "versions": versions, **_restore_context(request, practice)},
    )


def _restore_context(request, practice):
    """Whether a version may be restored now: on a published practice, not past a revision."""
    open_revision = None
    if practice.status == Status.PUBLISHED:
        open_revision = practice.revisions.open().select_related("author").first()
    return {
        "may_restore": permissions.can_restore(request.user, practice) and open_revision is None,
        "open_revision": open_revision,
        "restore_is_review": practice.status == Status.PUBLISHED,
    }


@require_GET
@coordinator_required
def version_detail(request, slug, number):
    practice = _practice(slug)
    version = get_object_or_404(
        PracticeVersion.objects.select_related("created_by"), practice=practice, number=number
    )
    return render(
        request,
        "practices/curation/version.html",
        {
            "practice": practice,
            "version": version,
            "rows": snapshots.rows(version.snapshot),
            "changes": _version_changes(practice, version),
            **_restore_context(request, practice),
        },
    )


def _version_changes(practice, version):
    live = snapshots.take(practice)
    # Versions saved before visibility was kept say nothing about it: no change to show.
    kept = {snapshots.VISIBILITY: live[snapshots.VISIBILITY], **version.snapshot}
    return snapshots.changes(live, kept)


@require_POST
@coordinator_required
@answers_refusals
def version_restore(request, slug, number):
    practice = _practice(slug)
    version = get_object_or_404(PracticeVersion, practice=practice, number=number)
    restored = workflow.restore_version(version=version, actor=request.user)
    if isinstance(restored, PracticeRevision):
        messages.success(
            request,
            _(
                "Version %(n)d is proposed as a revision. Review it below: the published text "
                "stays until the revision is approved."
            )
            % {"n": version.number},
        )
        return redirect("curation:revision", pk=restored.pk)
    messages.success(
        request, _("Version %(n)d restored, and kept as a new version.") % {"n": version.number}
    )
    return redirect("curation:versions", slug=practice.slug)
