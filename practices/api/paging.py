"""Pages of a collection: the `page` and `page_size` parameters, and the page an endpoint answers
with (its items, the totals, and links to the pages beside it)."""

import math
from typing import Annotated

from pydantic import Field

from practices.api.links import Links

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000

Page = Annotated[int, Field(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PageSize = Annotated[
    int, Field(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, 1–{MAX_PAGE_SIZE}.")
]


def page_of(request, items, *, page, page_size, total, serializer):
    """The page holding `items` (already sliced), out of `total`, each item serialized."""
    links = Links.for_request(request)
    pages = max(1, math.ceil(total / page_size))
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
        "results": [serializer(item, links) for item in items],
    }


def paginate(request, queryset, *, page, page_size, serializer):
    """One page of a queryset, counted and sliced in the database."""
    total = queryset.count()
    offset = (page - 1) * page_size
    items = list(queryset[offset : offset + page_size])
    return page_of(
        request, items, page=page, page_size=page_size, total=total, serializer=serializer
    )
