"""Pages about practices: the browsable list, one practice, the tags index, the exports."""

from django.db.models import Count, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from taggit.models import Tag

from practices import permissions
from practices.browse.exports import csv_chunks, export_rows, json_document
from practices.browse.listing import build_listing, select_practices
from practices.browse.related import related_practices
from practices.models import Practice
from practices.permissions import get_practice_for_user, visible_practices


def practice_list(request):
    listing = build_listing(request)
    return render(
        request,
        "practices/practice_list.html",
        {"listing": listing, "can_contribute": permissions.can_contribute(request.user)},
    )


def practice_detail(request, slug):
    practice = get_practice_for_user(
        request.user,
        slug,
        # The page shows the source session, its event, and who presented it.
        Practice.objects.select_related(
            "source_event",
            "source_session__event",
            "source_presentation__organisation",
            "source_presentation__country",
            "source_presentation__session__event",
        ).with_classification(),
    )
    related = related_practices(practice, visible_practices(request.user))
    user = request.user
    may = {
        "edit": permissions.can_edit(user, practice),
        "submit": permissions.can_submit(user, practice),
        "review": permissions.can_review(user, practice),
        "archive": permissions.can_archive(user, practice),
        "feature": permissions.can_feature(user, practice),
        "curate": permissions.can_curate(user),
        "history": permissions.can_see_history(user, practice),
    }
    timeline, open_revision = [], None
    if may["history"]:
        # The timeline names who did each step.
        timeline = practice.transitions.select_related("actor").order_by("-created_at", "-pk")
        open_revision = practice.revisions.open().select_related("author").first()
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            "related": related,
            "may": may,
            "timeline": timeline,
            "open_revision": open_revision,
        },
    )


def tag_list(request):
    visible = visible_practices(request.user)
    tags = (
        Tag.objects.annotate(
            practice_count=Count(
                "practices_taggedpractice_items",
                filter=Q(practices_taggedpractice_items__content_object__in=visible),
                distinct=True,
            )
        )
        .filter(practice_count__gt=0)
        .order_by("name")
    )
    return render(request, "practices/tag_list.html", {"tags": tags})


def _base_url(request):
    return f"{request.scheme}://{request.get_host()}"


def export_csv(request):
    selection = select_practices(request)
    rows = export_rows(selection.results, base_url=_base_url(request))
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="glo-act-practices.csv"'
    return response


def export_json(request):
    selection = select_practices(request)
    filters = {k: v for k, v in selection.data.lists() if k not in ("q", "sort", "page")}
    rows = export_rows(selection.results, base_url=_base_url(request))
    body = json_document(
        rows,
        query=selection.query,
        filters=filters,
        source=request.build_absolute_uri(reverse("practices:list")),
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="glo-act-practices.json"'
    return response
