"""Who sees what through the API: every endpoint, for every persona, down to the content.

The answer each persona gets from each URL is in the site's persona matrix
(tests/test_permission_matrix.py); this module looks inside the answers. Personas
(tests/personas.py): anonymous, applicant (no account: anonymous to the API), member (the
author of every practice here), another member, coordinator, admin, each with a token of their
own. Practices in every state carry a marker of their own in their title, slug, text and a tag;
a marker may show up only in answers to a persona who may see that practice on the site.
"""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from practices.api.api import api
from practices.models import Practice
from tests.api import api_url
from tests.factories import (
    CountryFactory,
    EventFactory,
    ObjectiveFactory,
    OrganisationFactory,
    PracticeFactory,
    RegionFactory,
    SessionFactory,
    ThemeFactory,
)
from tests.personas import PERSONAS, SIGNED_IN

pytestmark = pytest.mark.django_db

Status, Visibility = Practice.Status, Practice.Visibility

# marker -> (status, visibility)
PRACTICES = {
    "zpublic": (Status.PUBLISHED, Visibility.PUBLIC),
    "zmembersonly": (Status.PUBLISHED, Visibility.MEMBERS),
    "zdraft": (Status.DRAFT, Visibility.PUBLIC),
    "zsubmitted": (Status.SUBMITTED, Visibility.PUBLIC),
    "zchanges": (Status.CHANGES_REQUESTED, Visibility.PUBLIC),
    "zrejected": (Status.REJECTED, Visibility.PUBLIC),
    "zarchived": (Status.ARCHIVED, Visibility.PUBLIC),
    "zarchivedmembers": (Status.ARCHIVED, Visibility.MEMBERS),
}


def in_lists(persona):
    """Markers a persona may meet in lists, search, filters, counts and tags: as on the site."""
    if persona in SIGNED_IN:
        return {"zpublic", "zmembersonly"}
    return {"zpublic"}


def on_detail(persona):
    """Markers whose practice page (and API detail) the persona may open."""
    seen = in_lists(persona)
    if persona in {"member", "coordinator", "admin"}:  # the author, and the curators
        seen = set(PRACTICES)
    return seen


@pytest.fixture
def scene(member):
    objective = ObjectiveFactory(number=3, slug="capacity-building", short_label="Capacity")
    africa = RegionFactory(name="Africa", slug="africa")
    country = CountryFactory(name="Morocco", slug="morocco", iso_code="MA", region=africa)
    theme = ThemeFactory(number=2, slug="cooperation", name="Cooperation")
    organisation = OrganisationFactory(slug="unodc", name="UNODC")
    event = EventFactory(slug="vienna-2019")
    session = SessionFactory(event=event, slug="session-3")
    for marker, (status, visibility) in PRACTICES.items():
        published = status in (Status.PUBLISHED, Status.ARCHIVED)
        practice = PracticeFactory(
            title=f"Zebra crossings {marker}",
            slug=f"practice-{marker}",
            summary=f"Summary {marker}",
            body=f"Text {marker}",
            status=status,
            visibility=visibility,
            published_at=timezone.now() if published else None,
            author=member,
            objectives=[objective],
            countries=[country],
            themes=[theme],
            tags=[f"tag {marker}", "shared"],
            source_event=event,
            source_session=session,
        )
        practice.organisations.add(organisation)


FILTERS = [
    {},
    {"q": "zebra"},
    {"q": "zdraft"},
    {"q": "zmembersonly"},
    {"q": "zebra", "sort": "title"},
    {"sort": "newest"},
    {"sort": "title"},
    {"objective": "capacity-building"},
    {"country": "morocco"},
    {"region": "africa"},
    {"theme": "cooperation"},
    {"tag": "shared"},
    {"tag": "tag-zdraft"},
    {"tag": "tag-zmembersonly"},
    {"organisation": "unodc"},
    {"event": "vienna-2019"},
    {"session": "vienna-2019/session-3"},
    {"focus": "both"},
    {"kind": "good_practice"},
    {"year": str(timezone.now().year)},
]


def every_page(client, url, params):
    """Bodies of every page of a list, one item a page, following `next` links."""
    response = client.get(url, {**params, "page_size": 1})
    bodies = []
    while True:
        assert response.status_code == 200, response.content[:500]
        bodies.append(response.content.decode())
        following = response.json()["next"]
        if following is None:
            return bodies
        response = client.get(following)


def markers_in(text):
    return {marker for marker in PRACTICES if marker in text}


def _detail_urls():
    """Every item endpoint, with a value for its slug (`practices/{slug}` is tested apart)."""
    schema = api.get_openapi_schema(path_prefix=api_url("api-root"))
    urls = []
    slugs = {
        "objectives": "capacity-building",
        "themes": "cooperation",
        "countries": "morocco",
        "regions": "africa",
        "phases": None,
        "events": "vienna-2019",
        "tags": "shared",
    }
    for path in schema["paths"]:
        if "{slug}" in path and not path.startswith(api_url("practice_list") + "/"):
            collection = path.split("/")[3]
            urls.append((path, slugs[collection]))
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_each_persona_only_what_the_site_shows(persona, scene, api_as):
    client = api_as(persona)
    seen = set()
    for params in FILTERS:
        for body in every_page(client, api_url("practice_list"), params):
            seen |= markers_in(body)
    for body in every_page(client, api_url("tag_list"), {}):
        seen |= markers_in(body)
    assert seen == in_lists(persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_totals_count_only_what_the_persona_may_see(persona, scene, api_as):
    client = api_as(persona)
    expected = len(in_lists(persona))
    for params in FILTERS:
        if params.get("q") in ("zdraft",) or params.get("tag") == "tag-zdraft":
            expected_here = 0
        elif params.get("q") == "zmembersonly" or params.get("tag") == "tag-zmembersonly":
            expected_here = 1 if "zmembersonly" in in_lists(persona) else 0
        else:
            expected_here = expected
        assert client.get(api_url("practice_list"), params).json()["count"] == expected_here, params
    shared = client.get(api_url("tag_detail", slug="shared")).json()
    assert shared["practice_count"] == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("marker", list(PRACTICES))
def test_one_practice_answers_as_its_page_does(marker, persona, scene, api_as, client_as):
    api_response = api_as(persona).get(api_url("practice_detail", slug=f"practice-{marker}"))
    page = client_as(persona).get(
        reverse("practices:detail", kwargs={"slug": f"practice-{marker}"})
    )
    expected = 200 if marker in on_detail(persona) else 404
    assert api_response.status_code == page.status_code == expected
    if expected == 404:
        assert marker not in api_response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_tags_of_unseen_practices_are_not_found(persona, scene, api_as):
    client = api_as(persona)
    for marker in PRACTICES:
        response = client.get(api_url("tag_detail", slug=f"tag-{marker}"))
        assert response.status_code == (200 if marker in in_lists(persona) else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_other_endpoint_mentions_unseen_practices(persona, scene, api_as):
    client = api_as(persona)
    allowed = in_lists(persona)
    for path, slug in _detail_urls():
        collection = path.split("{slug}")[0]
        for body in every_page(client, collection.rstrip("/"), {}):
            assert markers_in(body) <= allowed, collection
            for item in json.loads(body)["results"]:
                detail = client.get(item["url"])
                assert detail.status_code == 200
                assert markers_in(detail.content.decode()) <= allowed, item["url"]
        if slug:
            assert client.get(path.replace("{slug}", slug)).status_code == 200
    assert markers_in(client.get(api_url("index")).content.decode()) == set()


def test_a_session_signed_in_on_the_site_does_not_open_members_only_practices(scene, client_as):
    """The API knows callers by their token only: a browser's session cookie is not one."""
    response = client_as("member").get(api_url("practice_list"))
    assert markers_in(response.content.decode()) == {"zpublic"}
