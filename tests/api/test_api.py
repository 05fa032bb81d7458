"""What a caller of /api/v1/ notices: the listing's filters, pages with totals, links, the
language, caching headers, tokens and rate limits."""

import time
from datetime import timedelta

import pytest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from practices.api.models import ApiToken
from practices.api.tokens import create_token, revoke_token
from practices.models import Practice
from tests.api import api_url
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content[:500]
    return [p["slug"] for p in response.json()["results"]]


def test_practices_filter_search_and_sort_as_the_listing_does(world, client):
    assert slugs(client.get(api_url("practice_list"), {"country": "egypt"})) == [
        "unaccompanied-minors"
    ]
    assert set(slugs(client.get(api_url("practice_list"), {"country": ["egypt", "brazil"]}))) == {
        "unaccompanied-minors",
        "national-action-plan",
    }
    assert slugs(
        client.get(api_url("practice_list"), {"tag": "training", "focus": "smuggling"})
    ) == ["unaccompanied-minors"]
    assert set(slugs(client.get(api_url("practice_list"), {"q": "training"}))) == {
        "whatsapp-groups",
        "unaccompanied-minors",
    }
    by_title = slugs(client.get(api_url("practice_list"), {"sort": "title"}))
    assert by_title == ["national-action-plan", "unaccompanied-minors", "whatsapp-groups"]
    # Without a sort, grouped by objective as on /practices/: strategy (1) comes first.
    assert slugs(client.get(api_url("practice_list")))[0] == "national-action-plan"


def test_bad_filter_values_are_refused_with_a_message(world, client):
    response = client.get(api_url("practice_list"), {"country": "Not a slug!"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-2:] == ["country", 0]
    assert client.get(api_url("practice_list"), {"sort": "random"}).status_code == 422
    assert client.get(api_url("practice_list"), {"q": "x" * 201}).status_code == 422
    assert client.get(api_url("practice_list"), {"page_size": 101}).status_code == 422


def test_unknown_filter_values_match_nothing(world, client):
    response = client.get(api_url("practice_list"), {"country": "atlantis"})
    assert response.json()["count"] == 0


def test_pages_carry_totals_and_links_to_their_neighbours(world, client):
    first = client.get(api_url("practice_list"), {"sort": "title", "page_size": 2}).json()
    assert (first["count"], first["pages"], first["page"], first["previous"]) == (3, 2, 1, None)
    second = client.get(first["next"]).json()
    assert second["next"] is None
    assert [p["slug"] for p in second["results"]] == ["whatsapp-groups"]
    assert client.get(second["previous"]).json() == first
    beyond = client.get(api_url("practice_list"), {"page": 9}).json()
    assert beyond["results"] == [] and beyond["count"] == 3


def test_a_practice_links_to_what_it_is_filed_under(world, client):
    practice = client.get(api_url("practice_detail", slug="whatsapp-groups")).json()
    assert practice["id"] == world.training.pk
    assert practice["html_url"] == "http://testserver/practices/whatsapp-groups/"
    assert practice["countries"][0]["slug"] == "morocco"
    assert practice["regions"] == ["africa"]
    assert practice["source_session"]["event"] == "vienna-2019"
    assert practice["source_presentation"]["presenter_name"] == "Mr. Said Ftena"
    assert [t["slug"] for t in practice["tags"]] == ["training", "whatsapp-group"]
    country = client.get(practice["countries"][0]["url"]).json()
    assert country["region"]["slug"] == "africa"
    assert client.get(country["practices_url"]).json()["count"] == 2
    objective = client.get(practice["objectives"][0]["url"]).json()
    assert objective["slug"] == "capacity-building"


def test_an_event_lists_its_sessions_and_presentations(world, client):
    event = client.get(api_url("event_detail", slug="vienna-2019")).json()
    session = event["sessions"][0]
    assert session["slug"] == "session-3"
    assert session["objectives"][0]["slug"] == "capacity-building"
    presentation = session["presentations"][0]
    assert presentation["organisation"]["acronym"] == "UNODC"
    assert presentation["country"]["slug"] == "morocco"
    assert client.get(session["practices_url"]).json()["count"] == 1


def test_the_index_links_every_collection(world, client):
    index = client.get(api_url("index")).json()
    for name in ["practices", "objectives", "themes", "countries", "regions", "phases",
                 "events", "tags"]:  # fmt: skip
        assert client.get(index[name]).status_code == 200, name
    assert client.get(index["openapi"]).status_code == 200


def test_the_answer_is_in_the_language_asked_for(world, client):
    response = client.get(api_url("practice_list"), headers={"accept-language": "en"})
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    assert client.get(api_url("practice_list"), {"lang": "en"})["Content-Language"] == "en"
    refused = client.get(api_url("practice_list"), {"lang": "xx"})
    assert refused.status_code == 422
    assert "en" in refused.json()["detail"][0]["msg"]


def test_an_unchanged_answer_is_not_sent_again(world, client):
    first = client.get(api_url("practice_list"))
    etag = first["ETag"]
    again = client.get(api_url("practice_list"), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_a_change_is_seen_at_once_by_a_mirror(world, client):
    etag = client.get(api_url("practice_list"))["ETag"]
    PracticeFactory(title="A new practice", slug="a-new-practice", objectives=[])
    changed = client.get(api_url("practice_list"), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "a-new-practice" in slugs(changed)


def test_a_practice_says_when_it_last_changed(world, client):
    response = client.get(api_url("practice_detail", slug="whatsapp-groups"))
    assert response["Last-Modified"] == http_date(world.training.updated_at.timestamp())
    later = http_date(time.time() + 60)
    assert (
        client.get(
            api_url("practice_detail", slug="whatsapp-groups"), headers={"if-modified-since": later}
        )
    ).status_code == 304
    Practice.objects.filter(pk=world.training.pk).update(
        updated_at=timezone.now() + timedelta(minutes=5)
    )
    assert (
        client.get(
            api_url("practice_detail", slug="whatsapp-groups"), headers={"if-modified-since": later}
        )
    ).status_code == 200


def test_an_invalid_or_revoked_token_is_refused(world, client, member):
    token, raw = create_token(user=member, name="Mirror")
    ok = client.get(api_url("practice_list"), headers={"authorization": f"Bearer {raw}"})
    assert ok.status_code == 200
    assert "private" in ok["Cache-Control"]
    wrong = client.get(api_url("practice_list"), headers={"authorization": "Bearer glo_nonsense"})
    assert wrong.status_code == 401
    assert "token" in wrong.json()["detail"]
    assert (
        client.get(api_url("practice_list"), headers={"authorization": "Bearer "}).status_code
        == 401
    )
    # A proxy's Basic authentication in front of the site is not a token: read as anonymous.
    basic = client.get(api_url("practice_list"), headers={"authorization": "Basic abc"})
    assert basic.status_code == 200
    revoke_token(user=member, token=token)
    gone = client.get(api_url("practice_list"), headers={"authorization": f"Bearer {raw}"})
    assert gone.status_code == 401


def test_only_a_digest_of_the_token_is_kept(member):
    token, raw = create_token(user=member, name="Mirror")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in {stored.digest, stored.prefix, stored.name}
    assert raw.startswith(stored.prefix)


def test_a_token_of_a_member_who_left_is_refused(world, client, member):
    _token, raw = create_token(user=member, name="Mirror")
    member.is_active = False
    member.save()
    response = client.get(api_url("practice_list"), headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_too_many_requests_from_one_address_wait_as_told(world, client, settings):
    settings.API_RATE_LIMIT_ADDRESS = 3
    for _ in range(3):
        assert client.get(api_url("objective_list")).status_code == 200
    refused = client.get(api_url("objective_list"))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.json()["detail"]
    # Another address has its own allowance.
    assert client.get(api_url("objective_list"), REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_token_has_its_own_allowance(world, client, member, other_member, settings):
    settings.API_RATE_LIMIT_ADDRESS = 1
    settings.API_RATE_LIMIT_TOKEN = 2
    _t, mine = create_token(user=member, name="Mine")
    _t, theirs = create_token(user=other_member, name="Theirs")
    assert client.get(api_url("objective_list")).status_code == 200
    assert client.get(api_url("objective_list")).status_code == 429  # the address is spent
    for _ in range(2):
        response = client.get(
            api_url("objective_list"), headers={"authorization": f"Bearer {mine}"}
        )
        assert response.status_code == 200
    spent = client.get(api_url("objective_list"), headers={"authorization": f"Bearer {mine}"})
    assert spent.status_code == 429 and spent["Retry-After"]
    other = client.get(api_url("objective_list"), headers={"authorization": f"Bearer {theirs}"})
    assert other.status_code == 200


def test_the_docs_list_every_endpoint_without_javascript(client):
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    schema = client.get(api_url("openapi-json")).json()
    for path in schema["paths"]:
        assert f"GET {path}</code>" in html, path
    assert "Retry-After" in html and "Authorization: Bearer" in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


def test_the_explorer_comes_from_this_site(client):
    explorer = client.get(api_url("openapi-view"))
    assert explorer.status_code == 200
    html = explorer.content.decode()
    assert static("ninja/swagger-ui-bundle.js") in html
    assert "https://" not in html and "http://" not in html
    assert client.get(static("ninja/swagger-ui-bundle.js")).status_code == 200


def test_the_api_keeps_its_published_addresses():
    """Scripts and mirrors hold these addresses, so they are a contract: the tests reverse
    every other URL, and this one says where the names must keep pointing."""
    assert api_url("index") == "/api/v1/"
    assert api_url("practice_list") == "/api/v1/practices"
    assert api_url("practice_detail", slug="x") == "/api/v1/practices/x"
    assert api_url("tag_detail", slug="x") == "/api/v1/tags/x"
    assert api_url("openapi-json") == "/api/v1/openapi.json"
    assert api_url("datapackage") == "/api/v1/datapackage.zip"
