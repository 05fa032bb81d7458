"""Every list endpoint costs the same number of queries for 10 practices as for 100."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices import search
from practices.api.api import api
from tests.api import api_url
from tests.factories import (
    OrganisationFactory,
    PracticeFactory,
    PresentationFactory,
    SessionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def add_practices(world, n):
    """n practices, each with its own organisations, tags and session, and two countries."""
    countries = [world.morocco, world.egypt, world.brazil]
    for i in range(n):
        country = countries[i % 3]
        session = SessionFactory(event=world.event, slug=f"extra-{n}-{i}")
        PresentationFactory(session=session, country=country,
                            organisation=OrganisationFactory())  # fmt: skip
        practice = PracticeFactory(
            title=f"Training practice {i}",
            objectives=[list(world.objectives.values())[i % 6]],
            countries=[country, countries[(i + 1) % 3]],
            themes=[ThemeFactory(number=i % 6 + 1)],
            tags=[f"tag {i}", "training"],
            source_event=world.event,
            source_session=session,
        )
        practice.organisations.add(OrganisationFactory())
    search.reindex()


def list_urls():
    schema = api.get_openapi_schema(path_prefix=api_url("api-root"))
    urls = [path for path in schema["paths"] if "{" not in path and path.endswith("s")]
    return urls + [
        api_url("practice_list") + "?q=training",
        api_url("practice_list") + "?sort=newest&country=morocco&tag=training",
        api_url("event_detail", slug="vienna-2019"),
    ]


def count_queries(client, url):
    from django.core.cache import cache

    cache.clear()  # measured cold: the listing cache would hide a growing query count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100} if "?" not in url else None)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries)


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_list_endpoints_cost_the_same_for_10_and_100_practices(persona, world, api_as):
    client = api_as(persona)
    urls = list_urls()
    assert (
        api_url("practice_list") in urls
        and api_url("tag_list") in urls
        and api_url("event_list") in urls
    )
    add_practices(world, 7)  # the world has three
    client.get(api_url("index"))  # a token's first use writes its "last used" date, once
    small = {url: count_queries(client, url) for url in urls}
    add_practices(world, 90)
    large = {url: count_queries(client, url) for url in urls}
    assert large == small
    assert max(small.values()) <= 16, small
