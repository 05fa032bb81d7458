"""/api/v1/practices and /api/v1/practices/{slug}: the practices the caller may see, with the
listing's filters, search and sort, and one practice as its page shows it.

What a caller sees is what the site shows them: the list starts from `visible_practices(user)`
and one practice is loaded with `get_practice_for_user`, both from practices.permissions.
"""

from typing import Annotated, Literal

from django.http import HttpResponse
from django.utils.http import http_date
from ninja import Query, Router
from pydantic import Field

from practices.api import schemas, serialize
from practices.api.http import api_endpoint
from practices.api.links import Links
from practices.api.paging import DEFAULT_PAGE_SIZE, Page, PageSize, page_of
from practices.api.params import NOT_FOUND, SessionSlug, Values, Year, invalid, path_slug
from practices.browse.listing import select_practices
from practices.models import Practice
from practices.permissions import get_practice_for_user, visible_practices

router = Router()
router.add_decorator(api_endpoint, mode="view")


class PracticeFilters(schemas.Schema):
    q: str = Field(
        "",
        max_length=200,
        description='Search words; "quoted phrase", OR, and -excluded work as on the site.',
    )
    sort: Literal["relevance", "newest", "title"] | None = Field(
        None,
        description="Default: by objective (relevance when searching).",
    )
    objective: Values = Field([], description=schemas.FACET_PARAMETERS["objective"])
    country: Values = Field([], description=schemas.FACET_PARAMETERS["country"])
    region: Values = Field([], description=schemas.FACET_PARAMETERS["region"])
    phase: Values = Field([], description=schemas.FACET_PARAMETERS["phase"])
    theme: Values = Field([], description=schemas.FACET_PARAMETERS["theme"])
    focus: list[Literal["trafficking", "smuggling", "both"]] = Field(
        [], max_length=3, description=schemas.FACET_PARAMETERS["focus"]
    )
    kind: list[Literal["good_practice", "lesson_learned", "challenge", "recommendation"]] = Field(
        [], max_length=4, description=schemas.FACET_PARAMETERS["kind"]
    )
    tag: Values = Field([], description=schemas.FACET_PARAMETERS["tag"])
    organisation: Values = Field([], description=schemas.FACET_PARAMETERS["organisation"])
    event: Values = Field([], description=schemas.FACET_PARAMETERS["event"])
    session: Annotated[list[SessionSlug], Field(max_length=schemas.MAX_FILTER_VALUES)] = Field(
        [], description=schemas.FACET_PARAMETERS["session"]
    )
    year: Annotated[list[Year], Field(max_length=schemas.MAX_FILTER_VALUES)] = Field(
        [], description=schemas.FACET_PARAMETERS["year"]
    )


def _practices_with_everything(queryset):
    # A practice in the API names its source and everything it is filed under.
    return queryset.select_related(
        "source_event", "source_session__event", "source_presentation"
    ).with_classification()


@router.get(
    "/practices",
    response={200: schemas.PracticePage},
    url_name="practice_list",
    summary="Practices: search, filter, sort",
    tags=["practices"],
)
def practice_list(
    request,
    filters: Query[PracticeFilters],
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    """The practices the caller may see, with the same filters, search and sort as
    /practices/ on the site. Repeat a filter for several values (`country=egypt&country=morocco`):
    values of one filter are alternatives, different filters all apply."""
    selection = select_practices(request)
    if selection.notices:
        raise invalid([str(n) for n in selection.notices])
    total = selection.results.count()
    offset = (page - 1) * page_size
    ids = list(selection.results.values_list("pk", flat=True)[offset : offset + page_size])
    by_id = _practices_with_everything(visible_practices(request.user).filter(pk__in=ids))
    found = {p.pk: p for p in by_id}
    items = [found[pk] for pk in ids if pk in found]
    return page_of(
        request, items, page=page, page_size=page_size, total=total, serializer=serialize.practice
    )


@router.get(
    "/practices/{slug}",
    response={200: schemas.Practice, **NOT_FOUND},
    url_name="practice_detail",
    summary="One practice",
    tags=["practices"],
)
def practice_detail(request, response: HttpResponse, slug: str):
    """One practice by its slug. Drafts and submissions exist only for their author and the
    coordinators, exactly as their pages do; to everyone else they are 404."""
    practice = get_practice_for_user(
        request.user, path_slug(slug), _practices_with_everything(Practice.objects.all())
    )
    response["Last-Modified"] = http_date(practice.updated_at.timestamp())
    return serialize.practice(practice, Links.for_request(request))
