"""/api/v1/objectives, /themes, /countries, /regions, /phases, /events and /tags: each a
paginated list and one item by its slug, declared once as a `Collection`.

Tags are counted over the practices the caller may see (`visible_practices`), so that the tags
of a draft nobody else may read stay unseen; everything else here is public.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Router
from taggit.models import Tag

from cop.models import Event, Objective, Presentation, Session
from countries.models import Country, Phase, Region
from practices.api import schemas, serialize
from practices.api.http import api_endpoint
from practices.api.links import Links
from practices.api.paging import DEFAULT_PAGE_SIZE, Page, PageSize, paginate
from practices.api.params import NOT_FOUND, path_slug
from practices.models import Theme
from practices.permissions import visible_practices

router = Router()
router.add_decorator(api_endpoint, mode="view")


@dataclass(frozen=True)
class Collection:
    """A list at `path` and one item at `path/{slug}`; URL names `{name}_list`, `{name}_detail`.

    `items(request)` gives the list in its order; one item is looked up by slug in
    `one(request)` (by default the same) and may be shown more fully (`detail_serializer`).
    Summaries and descriptions are what the OpenAPI description and the docs page say.
    """

    path: str
    name: str
    tag: str
    items: Callable
    serializer: Callable
    page_schema: type
    item_schema: type
    summary: str
    description: str
    detail_summary: str
    detail_description: str
    one: Callable | None = None
    detail_serializer: Callable | None = None

    def register(self):
        def listing(request, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
            items = self.items(request)
            return paginate(
                request, items, page=page, page_size=page_size, serializer=self.serializer
            )

        def detail(request, slug: str):
            item = get_object_or_404((self.one or self.items)(request), slug=path_slug(slug))
            return (self.detail_serializer or self.serializer)(item, Links.for_request(request))

        listing.__name__, detail.__name__ = f"{self.name}_list", f"{self.name}_detail"
        listing.__doc__, detail.__doc__ = self.description, self.detail_description
        router.get(
            self.path,
            response={200: self.page_schema},
            url_name=listing.__name__,
            summary=self.summary,
            tags=[self.tag],
        )(listing)
        router.get(
            f"{self.path}/{{slug}}",
            response={200: self.item_schema, **NOT_FOUND},
            url_name=detail.__name__,
            summary=self.detail_summary,
            tags=[self.tag],
        )(detail)


def programme(path, name, queryset, summary):
    """A public collection of the programme, in its usual order; its serializer and shapes are
    the ones named after it (`serialize.region`, `schemas.Region`, `schemas.RegionPage`)."""
    shape = name.capitalize()
    return Collection(
        path,
        name,
        tag=name,
        items=lambda request: queryset(),
        serializer=getattr(serialize, name),
        page_schema=getattr(schemas, f"{shape}Page"),
        item_schema=getattr(schemas, shape),
        summary=summary.capitalize(),
        description=f"All {summary}, in their usual order.",
        detail_summary=f"One of the {summary}",
        detail_description=f"One of the {summary}, by its slug.",
    )


def _countries():
    # A region or a phase lists its countries, each naming its region.
    return Prefetch("countries", Country.objects.select_related("region").order_by("name"))


def _events():
    # Each event names its host country.
    return Event.objects.select_related("country__region")


def _event_with_sessions(request):
    # An event's page in the API holds its figures, its sessions in order and, for each
    # session, its objectives and presentations (with their organisation and country).
    presentations = Presentation.objects.select_related("organisation", "country__region")
    sessions = Session.objects.order_by("order").prefetch_related(
        "objectives", Prefetch("presentations", presentations.order_by("order"))
    )
    return _events().prefetch_related("figures", Prefetch("sessions", sessions))


def _tags(request):
    """Tags with the number of practices the user may see; tags of unseen drafts stay unseen."""
    visible = visible_practices(request.user)
    counted = Count(
        "practices_taggedpractice_items",
        filter=Q(practices_taggedpractice_items__content_object__in=visible),
        distinct=True,
    )
    return Tag.objects.annotate(practice_count=counted).filter(practice_count__gt=0)


COLLECTIONS = [
    programme(
        "/objectives",
        "objective",
        lambda: Objective.objects.order_by("number"),
        "six objectives of the programme",
    ),
    programme(
        "/themes",
        "theme",
        lambda: Theme.objects.order_by("number"),
        "themes of the workshop's conclusions",
    ),
    # Each country names its region and the phases it was a partner in.
    programme(
        "/countries",
        "country",
        lambda: (
            Country.objects.select_related("region").prefetch_related("phases").order_by("name")
        ),
        "countries",
    ),
    programme(
        "/regions", "region", lambda: Region.objects.prefetch_related(_countries()), "regions"
    ),
    programme(
        "/phases", "phase", lambda: Phase.objects.prefetch_related(_countries()), "programme phases"
    ),
    Collection(
        "/events",
        "event",
        tag="events",
        items=lambda request: _events().order_by("-start_date", "slug"),
        serializer=serialize.event,
        page_schema=schemas.EventPage,
        item_schema=schemas.EventDetail,
        summary="Events",
        description=(
            "The programme's events, newest first; each event's sessions are in its own resource."
        ),
        detail_summary="One event, with its sessions and presentations",
        detail_description=(
            "An event with its evaluation figures, its sessions in order, and each session's\n"
            "objectives and presentations (who presented, for which organisation and country)."
        ),
        one=_event_with_sessions,
        detail_serializer=serialize.event_detail,
    ),
    Collection(
        "/tags",
        "tag",
        tag="tags",
        items=lambda request: _tags(request).order_by("name", "pk"),
        serializer=serialize.tag,
        page_schema=schemas.TagPage,
        item_schema=schemas.Tag,
        summary="Tags",
        description="Tags on at least one practice the caller may see, by name, with how many.",
        detail_summary="One tag",
        detail_description="A tag, if at least one practice the caller may see carries it.",
        one=_tags,
    ),
]

for collection in COLLECTIONS:
    collection.register()
