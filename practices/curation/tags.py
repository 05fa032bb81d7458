"""The tags page of curation, /curation/tags/: coordinators rename a tag or merge duplicates.

The changes are `practices.workflow.tagging`'s; a refusal is answered by `practices.refusals`.
"""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from cop.members.roles import coordinator_required
from practices.curation.forms import TagMergeForm, TagRenameForm
from practices.refusals import http_status
from practices.workflow import WorkflowError, tagging


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
    except WorkflowError as refusal:
        return _tags_page(request, status=http_status(refusal), error=refusal.message, rename=typed)
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
    except WorkflowError as refusal:
        return _tags_page(
            request, merge_form=form, status=http_status(refusal), error=refusal.message
        )
    messages.success(
        request, _("Tags merged into “%(name)s”.") % {"name": form.cleaned_data["into"].name}
    )
    return redirect("curation:tags")
