"""What the API accepts in a path or a query besides pages: slugs, years, lists of values; and
how it refuses the rest (404 for a path that names nothing, 422 for parameters it cannot use)."""

import re
from typing import Annotated

from django.http import Http404
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field, StringConstraints

from practices.api import schemas

Slug = Annotated[str, StringConstraints(pattern=schemas.SLUG_PATTERN)]
SessionSlug = Annotated[str, StringConstraints(pattern=schemas.SESSION_PATTERN)]
Year = Annotated[str, StringConstraints(pattern=r"^(19|20)\d\d$")]
Values = Annotated[list[Slug], Field(max_length=schemas.MAX_FILTER_VALUES)]

NOT_FOUND = {404: schemas.Problem}

SLUG = re.compile(r"[-\w]+")  # what slugify() makes, Unicode tags included


def path_slug(slug):
    """A slug from the path; anything else is no object's (404), and is never looked up:
    PostgreSQL refuses a query holding a NUL."""
    if not SLUG.fullmatch(slug):
        raise Http404
    return slug


def invalid(messages):
    """A 422 listing `messages`, as ninja answers for parameters it cannot parse."""
    return NinjaValidationError(
        [{"type": "value_error", "loc": ["query"], "msg": m} for m in messages]
    )
