"""Coordinators curate: the review queue, decisions, revisions, versions, featuring and tags.

Every page here is for coordinators (and admins); anyone else signed in gets 403, signed-out
visitors are sent to sign in. Decisions are POST forms; the rules they follow live in
`practices.permissions` and the changes in `practices.workflow`.
"""

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from cop.models import Objective
from cop.roles import coordinator_required
from countries.models import Country
from practices import permissions, snapshots, tagging, workflow
from practices.contribute_views import workflow_refusal
from practices.forms import (
    CommentForm,
    DecisionForm,
    PracticeForm,
    QueueFilterForm,
    TagMergeForm,
    TagRenameForm,
    personal_data_found,
)
from practices.models import (
    Action,
    Practice,
    PracticeRevision,
    PracticeVersion,
    RevisionStatus,
    Status,
)

KIND_SUBMISSION = QueueFilterForm.SUBMISSION
KIND_REVISION = QueueFilterForm.REVISION


def _practice(slug, queryset=None):
    # Coordinators may open any practice; the helper still answers 404 for a wrong slug.
    return get_object_or_404(queryset if queryset is not None else Practice.objects, slug=slug)


# --- The queue ------------------------------------------------------------------------------


@require_GET
@coordinator_required
def queue(request):
    # An unknown filter value (a stale link, a typo, a probe) is named and left out; the
    # page answers 400 so a checker sees that the request was not understood.
    filter_form = QueueFilterForm(request.GET)
    chosen = filter_form.filters()
    kind = chosen["kind"] or ""
    objective = chosen["objective"].slug if chosen["objective"] else ""
    country = chosen["country"].slug if chosen["country"] else ""

    submissions = Practice.objects.filter(status=Status.SUBMITTED).annotate(
        submitted_at=Max("transitions__created_at", filter=Q(transitions__action=Action.SUBMITTED))
    )
    revisions = PracticeRevision.objects.filter(status=RevisionStatus.PENDING)
    totals = {KIND_SUBMISSION: submissions.count(), KIND_REVISION: revisions.count()}
    if objective:
        submissions = submissions.filter(objectives__slug=objective)
        revisions = revisions.filter(practice__objectives__slug=objective)
    if country:
        submissions = submissions.filter(countries__slug=country)
        revisions = revisions.filter(practice__countries__slug=country)

    items = []
    if kind != KIND_REVISION:
        # Each row names the author and shows the objectives and countries.
        for practice in submissions.select_related("contributor").prefetch_related(
            "objectives", "countries"
        ):
            items.append(
                {
                    "kind": KIND_SUBMISSION,
                    "practice": practice,
                    "who": practice.contributor,
                    "since": practice.submitted_at or practice.updated_at,
                    "url": reverse("curation:review", kwargs={"slug": practice.slug}),
                }
            )
    if kind != KIND_SUBMISSION:
        for revision in revisions.select_related("practice", "author").prefetch_related(
            "practice__objectives", "practice__countries"
        ):
            items.append(
                {
                    "kind": KIND_REVISION,
                    "practice": revision.practice,
                    "who": revision.author,
                    "since": revision.updated_at,
                    "url": reverse("curation:revision", kwargs={"pk": revision.pk}),
                }
            )
    items.sort(key=lambda item: item["since"])  # oldest first: nobody waits forever
    return render(
        request,
        "practices/curation/queue.html",
        {
            "items": items,
            "totals": totals,
            "kind": kind,
            "objective": objective,
            "country": country,
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
        "may": {
            "review": permissions.can_review(request.user, practice),
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
            "contributor", "source_event", "source_session__event"
        ).prefetch_related("objectives", "countries", "themes", "organisations", "tags"),
    )
    context = _review_context(request, practice)
    context["form"] = DecisionForm(proposed_visibility=practice.visibility)
    return render(request, "practices/curation/review.html", context)


@require_POST
@coordinator_required
def decide(request, slug):
    practice = _practice(slug)
    form = DecisionForm(request.POST, proposed_visibility=practice.visibility)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.PUBLISH:
                workflow.publish(
                    practice=practice,
                    actor=request.user,
                    checklist=data["checks"],
                    comment=data["comment"],
                    visibility=data["visibility"] or None,
                )
                messages.success(request, _("Published. The author has been told."))
            elif data["decision"] == DecisionForm.REQUEST_CHANGES:
                workflow.request_changes(
                    practice=practice, actor=request.user, comment=data["comment"]
                )
                messages.success(request, _("Sent back to the author with your comment."))
            else:
                workflow.reject(practice=practice, actor=request.user, reason=data["comment"])
                messages.success(request, _("Rejected. The author has been told why."))
        except workflow.WorkflowError as refusal:
            return workflow_refusal(request, refusal, practice=practice)
        return redirect("curation:queue")
    context = _review_context(request, practice)
    context["form"] = form
    return render(request, "practices/curation/review.html", context, status=400)


# --- Reviewing a revision -------------------------------------------------------------------


def _revision_context(request, revision):
    live = snapshots.take(revision.practice)
    proposed = {**live, **revision.snapshot}
    return {
        "revision": revision,
        "restored_from": revision.snapshot.get(workflow.RESTORED_FROM),
        "practice": revision.practice,
        "changes": snapshots.changes(live, proposed),
        "may_review": permissions.can_review_revision(request.user, revision),
        "warning": _personal_data(proposed),
    }


@require_GET
@coordinator_required
def revision_detail(request, pk):
    revision = get_object_or_404(
        PracticeRevision.objects.select_related("practice", "author", "reviewer"), pk=pk
    )
    context = _revision_context(request, revision)
    context["form"] = DecisionForm(proposed_visibility=_proposed_visibility(revision))
    return render(request, "practices/curation/revision.html", context)


def _proposed_visibility(revision):
    return revision.snapshot.get(snapshots.VISIBILITY) or revision.practice.visibility


@require_POST
@coordinator_required
def revision_decide(request, pk):
    revision = get_object_or_404(PracticeRevision.objects.select_related("practice"), pk=pk)
    form = DecisionForm(request.POST, proposed_visibility=_proposed_visibility(revision))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.PUBLISH:
                workflow.approve_revision(
                    revision=revision,
                    actor=request.user,
                    checklist=data["checks"],
                    comment=data["comment"],
                    visibility=data["visibility"] or None,
                )
                messages.success(request, _("The revision is now the published text."))
            elif data["decision"] == DecisionForm.REQUEST_CHANGES:
                workflow.request_revision_changes(
                    revision=revision, actor=request.user, comment=data["comment"]
                )
                messages.success(request, _("Sent back to its author with your comment."))
            else:
                workflow.reject_revision(
                    revision=revision, actor=request.user, reason=data["comment"]
                )
                messages.success(request, _("Revision rejected. Its author has been told why."))
        except workflow.WorkflowError as refusal:
            return workflow_refusal(request, refusal, practice=revision.practice)
        return redirect("curation:queue")
    context = _revision_context(request, revision)
    context["form"] = form
    return render(request, "practices/curation/revision.html", context, status=400)


# --- Archiving and featuring ----------------------------------------------------------------


@require_POST
@coordinator_required
def archive(request, slug):
    practice = _practice(slug)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        workflow.archive(practice=practice, actor=request.user, comment=comment)
    except workflow.WorkflowError as refusal:
        return workflow_refusal(request, refusal, practice=practice)
    messages.success(request, _("Archived: the practice is kept but no longer public."))
    return redirect(practice)


def _set_featured(request, slug, featured):
    practice = _practice(slug)
    try:
        workflow.set_featured(practice=practice, actor=request.user, featured=featured)
    except workflow.WorkflowError as refusal:
        return workflow_refusal(request, refusal, practice=practice)
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
def version_restore(request, slug, number):
    practice = _practice(slug)
    version = get_object_or_404(PracticeVersion, practice=practice, number=number)
    try:
        restored = workflow.restore_version(version=version, actor=request.user)
    except workflow.WorkflowError as refusal:
        return workflow_refusal(request, refusal, practice=practice)
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


# --- Tags -----------------------------------------------------------------------------------


def _tags_page(request, *, merge_form=None, status=200, error=None, rename=None):
    """The tags page; `rename` = (tag pk, typed name) keeps a refused new name in its box."""
    tags = Tag.objects.annotate(
        practice_count=Count("practices_taggedpractice_items", distinct=True)
    ).order_by("name")
    return render(
        request,
        "practices/curation/tags.html",
        {
            "tags": tags,
            "merge_form": merge_form or TagMergeForm(),
            "error": error,
            "rename_pk": rename[0] if rename else None,
            "rename_name": rename[1] if rename else "",
        },
        status=status,
    )


@require_GET
@coordinator_required
def tag_list(request):
    return _tags_page(request)


@require_POST
@coordinator_required
def tag_rename(request, pk):
    tag = get_object_or_404(Tag, pk=pk)
    form = TagRenameForm(request.POST)
    typed = (tag.pk, request.POST.get("name", ""))
    if not form.is_valid():
        error = _("“%(tag)s” was not renamed: %(why)s") % {
            "tag": tag.name,
            "why": " ".join(form.errors.get("name", [])),
        }
        return _tags_page(request, status=400, error=error, rename=typed)
    try:
        tagging.rename_tag(tag=tag, name=form.cleaned_data["name"], actor=request.user)
    except workflow.WorkflowError as refusal:
        return _tags_page(request, status=refusal.status_code, error=refusal.message, rename=typed)
    messages.success(request, _("Tag renamed."))
    return redirect("curation:tags")


@require_POST
@coordinator_required
def tag_merge(request):
    form = TagMergeForm(request.POST)
    if not form.is_valid():
        return _tags_page(request, merge_form=form, status=400)
    try:
        tagging.merge_tags(
            sources=list(form.cleaned_data["sources"]),
            into=form.cleaned_data["into"],
            actor=request.user,
        )
    except workflow.WorkflowError as refusal:
        return _tags_page(
            request, merge_form=form, status=refusal.status_code, error=refusal.message
        )
    messages.success(
        request, _("Tags merged into “%(name)s”.") % {"name": form.cleaned_data["into"].name}
    )
    return redirect("curation:tags")
