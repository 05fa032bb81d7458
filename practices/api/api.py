"""The read API, /api/v1/: practices (the listing's filters, search and sort), the programme's
objectives, themes, countries, regions, phases, events with their sessions and presentations,
tags, and the data package. Read-only; every endpoint is wrapped by `http.api_endpoint`.

What a caller sees is what the site shows them: lists start from `visible_practices(user)` and
one practice is loaded with `get_practice_for_user`, both from practices.permissions.
"""

import math
import re
from typing import Annotated, Literal

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field, StringConstraints
from taggit.models import Tag

from cop.models import Event, Objective, Presentation, Session
from countries.models import Country, Phase, Region
from practices.api import schemas, serialize, tasks
from practices.api.http import LANGUAGE_CODES, api_endpoint
from practices.browse.listing import select_practices
from practices.models import Practice, Theme
from practices.permissions import get_practice_for_user, visible_practices

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000


class OpenDataAPI(NinjaAPI):
    """Adds to every operation what `http.api_endpoint` does for all of them: the `lang`
    parameter, the optional bearer token, and the answers 304, 401, 422 and 429."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["token"] = {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "Optional. A personal token from your account page; without one you see what "
                "an anonymous visitor sees."
            ),
        }
        problem = {"content": {"application/json": {"schema": _ref(schema, "Problem")}}}
        invalid = {"content": {"application/json": {"schema": _ref(schema, "InvalidInput")}}}
        retry = {"Retry-After": {"schema": {"type": "integer"}, "description": _("Seconds.")}}
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                operation["security"] = [{}, {"token": []}]
                operation.setdefault("parameters", []).append(
                    {
                        "in": "query",
                        "name": "lang",
                        "required": False,
                        "schema": {"type": "string", "enum": LANGUAGE_CODES},
                        "description": _(
                            "The language to answer in; without it, the Accept-Language header."
                        ),
                    }
                )
                # ninja keys its own answers by number; JSON (and these additions) by text.
                responses = {str(code): answer for code, answer in operation["responses"].items()}
                operation["responses"] = responses
                responses.setdefault(
                    "304", {"description": _("Not modified since the ETag or date you sent.")}
                )
                responses.setdefault("401", {"description": _("Invalid token."), **problem})
                responses.setdefault("422", {"description": _("Invalid parameters."), **invalid})
                responses.setdefault(
                    "429",
                    {"description": _("Too many requests."), "headers": retry, **problem},
                )
        return schema


def _ref(schema, name):
    schemas_ = schema.setdefault("components", {}).setdefault("schemas", {})
    if name not in schemas_:
        model = getattr(schemas, name)
        schemas_[name] = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"$ref": f"#/components/schemas/{name}"}


api = OpenDataAPI(
    title="GLO.ACT Community of Practice: open data API",
    version="1",
    description=(
        "Read-only access to the good practices, lessons learned and challenges collected by "
        "the GLO.ACT Community of Practice, and to the programme they are filed under. "
        "Without a token you see what an anonymous visitor of the site sees; with a personal "
        "token (created on your account page) you see what you see when signed in."
    ),
    urls_namespace="api-v1",
    docs_url="/docs/explore",  # Swagger UI; the readable reference is /docs (docs_views)
    openapi_url="/openapi.json",
)

router = Router()
router.add_decorator(api_endpoint, mode="view")

NOT_FOUND = {404: schemas.Problem}


def _invalid(messages):
    return NinjaValidationError(
        [{"type": "value_error", "loc": ["query"], "msg": m} for m in messages]
    )


def _paginate(request, queryset, *, page, page_size, count=None, serialize_one=None, ids=None):
    """One page of a collection, with its totals and links to the pages beside it."""
    links = serialize.Links.for_request(request)
    total = queryset.count() if count is None else count
    pages = max(1, math.ceil(total / page_size))
    offset = (page - 1) * page_size
    items = list(queryset[offset : offset + page_size]) if ids is None else ids
    query = request.GET.copy()

    def page_url(number):
        query["page"] = str(number)
        return f"{request.build_absolute_uri(request.path)}?{query.urlencode()}"

    return {
        "count": total,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": page_url(page + 1) if page < pages else None,
        "previous": page_url(min(page - 1, pages)) if page > 1 else None,
        "results": [serialize_one(item, links) for item in items],
    }


Page = Annotated[int, Field(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PageSize = Annotated[
    int, Field(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, 1–{MAX_PAGE_SIZE}.")
]
Slug = Annotated[str, StringConstraints(pattern=schemas.SLUG_PATTERN)]
SessionSlug = Annotated[str, StringConstraints(pattern=schemas.SESSION_PATTERN)]
Year = Annotated[str, StringConstraints(pattern=r"^(19|20)\d\d$")]
Values = Annotated[list[Slug], Field(max_length=schemas.MAX_FILTER_VALUES)]


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


# --- Practices -------------------------------------------------------------------------------


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
        raise _invalid([str(n) for n in selection.notices])
    total = selection.results.count()
    offset = (page - 1) * page_size
    ids = list(selection.results.values_list("pk", flat=True)[offset : offset + page_size])
    by_id = _practices_with_everything(visible_practices(request.user).filter(pk__in=ids))
    found = {p.pk: p for p in by_id}
    return _paginate(
        request,
        None,
        page=page,
        page_size=page_size,
        count=total,
        ids=[found[pk] for pk in ids if pk in found],
        serialize_one=serialize.practice,
    )


SLUG = re.compile(r"[-\w]+")  # what slugify() makes, Unicode tags included


def _slug(slug):
    """A slug from the path; anything else is no object's (404), and is never looked up:
    PostgreSQL refuses a query holding a NUL."""
    if not SLUG.fullmatch(slug):
        raise Http404
    return slug


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
        request.user, _slug(slug), _practices_with_everything(Practice.objects.all())
    )
    response["Last-Modified"] = http_date(practice.updated_at.timestamp())
    return serialize.practice(practice, serialize.Links.for_request(request))


# --- The programme ---------------------------------------------------------------------------


def _collection(path, *, name, page_schema, item_schema, queryset, serializer, summary):
    """A paginated list at `path` and one item at `path/{slug}`, for a public model."""

    def listing(request, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
        return _paginate(
            request, queryset(), page=page, page_size=page_size, serialize_one=serializer
        )

    def detail(request, slug: str):
        item = get_object_or_404(queryset(), slug=_slug(slug))
        return serializer(item, serialize.Links.for_request(request))

    listing.__name__, detail.__name__ = f"{name}_list", f"{name}_detail"
    listing.__doc__ = f"All {summary}, in their usual order."
    detail.__doc__ = f"One of the {summary}, by its slug."
    router.get(
        path,
        response={200: page_schema},
        url_name=f"{name}_list",
        summary=summary.capitalize(),
        tags=[name],
    )(listing)
    router.get(
        f"{path}/{{slug}}",
        response={200: item_schema, **NOT_FOUND},
        url_name=f"{name}_detail",
        summary=f"One of the {summary}",
        tags=[name],
    )(detail)


COUNTRY_REFS = Country.objects.select_related("region").order_by("name")

_collection(
    "/objectives",
    name="objective",
    page_schema=schemas.ObjectivePage,
    item_schema=schemas.Objective,
    queryset=lambda: Objective.objects.order_by("number"),
    serializer=serialize.objective,
    summary="six objectives of the programme",
)
_collection(
    "/themes",
    name="theme",
    page_schema=schemas.ThemePage,
    item_schema=schemas.Theme,
    queryset=lambda: Theme.objects.order_by("number"),
    serializer=serialize.theme,
    summary="themes of the workshop's conclusions",
)
_collection(
    "/countries",
    name="country",
    page_schema=schemas.CountryPage,
    item_schema=schemas.Country,
    # Each country names its region and the phases it was a partner in.
    queryset=lambda: (
        Country.objects.select_related("region").prefetch_related("phases").order_by("name")
    ),
    serializer=serialize.country,
    summary="countries",
)
_collection(
    "/regions",
    name="region",
    page_schema=schemas.RegionPage,
    item_schema=schemas.Region,
    # Each region lists its countries.
    queryset=lambda: Region.objects.prefetch_related(Prefetch("countries", COUNTRY_REFS)),
    serializer=serialize.region,
    summary="regions",
)
_collection(
    "/phases",
    name="phase",
    page_schema=schemas.PhasePage,
    item_schema=schemas.Phase,
    # Each phase lists its partner countries.
    queryset=lambda: Phase.objects.prefetch_related(Prefetch("countries", COUNTRY_REFS)),
    serializer=serialize.phase,
    summary="programme phases",
)


@router.get(
    "/events",
    response={200: schemas.EventPage},
    url_name="event_list",
    summary="Events",
    tags=["events"],
)
def event_list(request, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    """The programme's events, newest first; each event's sessions are in its own resource."""
    # Each event names its host country.
    events = Event.objects.select_related("country__region").order_by("-start_date", "slug")
    return _paginate(request, events, page=page, page_size=page_size, serialize_one=serialize.event)


@router.get(
    "/events/{slug}",
    response={200: schemas.EventDetail, **NOT_FOUND},
    url_name="event_detail",
    summary="One event, with its sessions and presentations",
    tags=["events"],
)
def event_detail(request, slug: str):
    """An event with its evaluation figures, its sessions in order, and each session's
    objectives and presentations (who presented, for which organisation and country)."""
    presentations = Presentation.objects.select_related("organisation", "country__region").order_by(
        "order"
    )
    sessions = Session.objects.order_by("order").prefetch_related(
        "objectives", Prefetch("presentations", presentations)
    )
    event = get_object_or_404(
        Event.objects.select_related("country__region").prefetch_related(
            "figures", Prefetch("sessions", sessions)
        ),
        slug=_slug(slug),
    )
    return serialize.event_detail(event, serialize.Links.for_request(request))


def _tags(user):
    """Tags with the number of practices the user may see; tags of unseen drafts stay unseen."""
    visible = visible_practices(user)
    counted = Count(
        "practices_taggedpractice_items",
        filter=Q(practices_taggedpractice_items__content_object__in=visible),
        distinct=True,
    )
    return Tag.objects.annotate(practice_count=counted).filter(practice_count__gt=0)


@router.get(
    "/tags",
    response={200: schemas.TagPage},
    url_name="tag_list",
    summary="Tags",
    tags=["tags"],
)
def tag_list(request, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    """Tags on at least one practice the caller may see, by name, with how many."""
    return _paginate(
        request,
        _tags(request.user).order_by("name", "pk"),
        page=page,
        page_size=page_size,
        serialize_one=serialize.tag,
    )


@router.get(
    "/tags/{slug}",
    response={200: schemas.Tag, **NOT_FOUND},
    url_name="tag_detail",
    summary="One tag",
    tags=["tags"],
)
def tag_detail(request, slug: str):
    """A tag, if at least one practice the caller may see carries it."""
    tag = get_object_or_404(_tags(request.user), slug=_slug(slug))
    return serialize.tag(tag, serialize.Links.for_request(request))


# --- The whole, and the way in ----------------------------------------------------------------


@router.get(
    "/datapackage.zip",
    response={200: None, 404: schemas.Problem},
    url_name="datapackage",
    summary="Everything public, as a Frictionless data package",
    tags=["data package"],
    openapi_extra={
        "responses": {
            "200": {
                "description": "A zip: datapackage.json and one CSV file per resource.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def datapackage(request):
    """Every published public practice and the programme around them: CSV files and
    `datapackage.json` describing them (Frictionless Data). Rebuilt outside the request when
    content has changed since it was built; until then the previous one is served, and 404
    until the first is ready."""
    path = settings.DATA_PACKAGE_PATH
    if tasks.is_stale(path):
        tasks.enqueue_rebuild()  # the worker rebuilds it; until then, the one at hand
    try:
        stat = path.stat()
        handle = path.open("rb")
    except FileNotFoundError:
        return Status(
            404, {"detail": _("The data package has not been built yet; try again later.")}
        )
    response = FileResponse(handle, as_attachment=True, filename="glo-act-data.zip")
    response["Content-Type"] = "application/zip"
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["ETag"] = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    return response


@router.get(
    "/",
    response={200: schemas.Index},
    url_name="index",
    summary="Where everything is",
    tags=["index"],
)
def index(request):
    """Links to every collection, the data package, this description and its docs."""
    links = serialize.Links.for_request(request)
    names = ["practice", "objective", "theme", "country", "region", "phase", "event", "tag"]
    found = {f"{name}s" if name != "country" else "countries": links.api(f"{name}_list")
             for name in names}  # fmt: skip
    return {
        **found,
        "datapackage": links.api("datapackage"),
        "openapi": links.api("openapi-json"),
        "docs": links.site(reverse("api-docs")),
    }


api.add_router("", router)
