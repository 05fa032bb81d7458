"""The shapes the API answers with; django-ninja turns them into the OpenAPI description.

Every resource carries its stable `id` and `slug`, `url` (itself in the API) and, where the
site has a page for it, `html_url`; related resources appear as small references with their
own `url`, and collections link to the practices filed under them (`practices_url`).
"""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import create_model

from practices.browse.filters import MAX_VALUES, SESSION_RE, SLUG_RE, SORT


class Problem(Schema):
    detail: str = Field(description="What went wrong, in the language of the response.")


class InvalidInput(Schema):
    detail: list[dict] = Field(description="One entry per parameter that could not be used.")


# --- References: a related resource, briefly -------------------------------------------------


class Ref(Schema):
    id: int
    slug: str
    name: str
    url: str


class ObjectiveRef(Schema):
    id: int
    number: int
    slug: str
    short_label: str
    title: str
    url: str


class CountryRef(Schema):
    id: int
    slug: str
    name: str
    iso_code: str
    region: str = Field(description="The slug of the country's region.")
    url: str


class TagRef(Schema):
    slug: str
    name: str
    url: str


class OrganisationRef(Schema):
    id: int
    slug: str
    name: str
    acronym: str


class SessionRef(Schema):
    id: int
    slug: str
    title: str
    event: str = Field(description="The slug of the session's event.")
    url: str = Field(description="The event in the API; the session is one of its `sessions`.")


class PresentationRef(Schema):
    id: int
    title: str
    presenter_name: str
    session_id: int


# --- Resources -------------------------------------------------------------------------------


class Practice(Schema):
    id: int
    slug: str
    title: str
    summary: str
    kind: str
    kind_label: str
    focus: str
    focus_label: str
    status: str = Field(description="Always “published” in lists; drafts only to who may see.")
    visibility: str = Field(description="“public”, or “members” (members-only practices).")
    featured: bool
    body: str = Field(description="What was done (Markdown).")
    problem: str = Field(description="The problem it addressed (Markdown).")
    results: str = Field(description="Results and evidence (Markdown).")
    lessons: str = Field(description="Lessons and challenges (Markdown).")
    adaptation: str = Field(description="How another country could adapt it (Markdown).")
    contact: str
    objectives: list[ObjectiveRef]
    countries: list[CountryRef]
    regions: list[str] = Field(description="Slugs of the regions of its countries.")
    themes: list[Ref]
    tags: list[TagRef]
    organisations: list[OrganisationRef]
    source_event: Ref | None
    source_session: SessionRef | None
    source_presentation: PresentationRef | None
    source_part: str = Field(
        description="Which part of its source event it comes from: “proceedings” (the event, a "
        "session or presentation), “background” (the report's background section) or "
        "“conclusions” (the conclusions document)."
    )
    presented: str | None = Field(
        description="For a practice taken from an event's documents, which give no publication "
        "date: the event's dates (ISO 8601, e.g. 2019-05-20/2019-05-21); published_at is then null."
    )
    published_at: datetime | None
    updated_at: datetime
    url: str
    html_url: str


class Objective(Schema):
    id: int
    number: int
    slug: str
    title: str
    short_label: str
    description: str
    url: str
    html_url: str
    practices_url: str


class Theme(Schema):
    id: int
    number: int
    slug: str
    name: str
    description: str
    url: str
    practices_url: str


class Country(Schema):
    id: int
    slug: str
    name: str
    official_name: str
    iso_code: str
    region: Ref
    phases: list[Ref]
    context: str
    url: str
    html_url: str
    practices_url: str


class Region(Schema):
    id: int
    slug: str
    name: str
    order: int
    countries: list[CountryRef]
    url: str
    practices_url: str


class Phase(Schema):
    id: int
    slug: str
    name: str
    start_year: int
    end_year: int
    description: str
    countries: list[CountryRef]
    url: str
    practices_url: str


class Figure(Schema):
    label: str
    value: float
    unit: str
    group: str


class Presentation(Schema):
    id: int
    order: int
    kind: str
    kind_label: str
    presenter_name: str
    presenter_role: str
    organisation: OrganisationRef | None
    country: CountryRef | None
    title: str
    summary: str
    remote: bool
    practices_url: str


class Session(Schema):
    id: int
    slug: str
    order: int
    kind: str
    kind_label: str
    number: int | None
    title: str
    label: str
    moderator_name: str
    moderator_role: str
    summary: str
    objectives: list[ObjectiveRef]
    presentations: list[Presentation]
    practices_url: str


class Event(Schema):
    id: int
    slug: str
    title: str
    subtitle: str
    start_date: date
    end_date: date
    venue: str
    city: str
    country: CountryRef | None
    summary: str
    aims: list[str]
    outcome: str
    url: str
    html_url: str
    practices_url: str


class EventDetail(Event):
    figures: list[Figure]
    sessions: list[Session]


class Tag(Schema):
    id: int
    slug: str
    name: str
    practice_count: int = Field(description="Practices with this tag that the caller may see.")
    url: str
    html_url: str
    practices_url: str


class Index(Schema):
    practices: str
    objectives: str
    themes: str
    countries: str
    regions: str
    phases: str
    events: str
    tags: str
    datapackage: str
    openapi: str
    docs: str


# --- Pages of a collection -------------------------------------------------------------------


class PageBase(Schema):
    count: int = Field(description="How many there are in all, on every page.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="The next page, or null on the last.")
    previous: str | None


def page_of(item, name):
    return create_model(name, __base__=PageBase, results=(list[item], ...))


PracticePage = page_of(Practice, "PracticePage")
ObjectivePage = page_of(Objective, "ObjectivePage")
ThemePage = page_of(Theme, "ThemePage")
CountryPage = page_of(Country, "CountryPage")
RegionPage = page_of(Region, "RegionPage")
PhasePage = page_of(Phase, "PhasePage")
EventPage = page_of(Event, "EventPage")
TagPage = page_of(Tag, "TagPage")


# --- Input -----------------------------------------------------------------------------------

SLUG_PATTERN = SLUG_RE.pattern
SESSION_PATTERN = SESSION_RE.pattern
SORTS = [value for value, _label in SORT.CHOICES]
FACET_PARAMETERS = {
    "objective": "objective slugs, e.g. capacity-building",
    "country": "country slugs, e.g. morocco",
    "region": "region slugs",
    "phase": "programme phase slugs",
    "theme": "theme slugs",
    "focus": "trafficking, smuggling or both",
    "kind": "good_practice, lesson_learned, challenge or recommendation",
    "tag": "tag slugs",
    "organisation": "organisation slugs",
    "event": "event slugs",
    "session": "event-slug/session-slug",
    "year": "years of publication, e.g. 2019",
}
MAX_FILTER_VALUES = MAX_VALUES
