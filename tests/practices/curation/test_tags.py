"""Tags are visible only where a practice that carries them is: suggestions, list, pages.

A tag can name a case, so a tag used only on someone's draft, a submission, a rejected or
archived practice (or a members-only one, for visitors) must not show anywhere they look.
"""

import re

import pytest
from django.test import Client

from practices.models import Practice, Visibility

pytestmark = pytest.mark.django_db

Status = Practice.Status


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def tagged(make_practice, member, other_member):
    """Practices of another member in every state, each with its own tag; one draft of mine."""
    practices = {
        "draft": make_practice(Status.DRAFT, author=other_member),
        "submitted": make_practice(Status.SUBMITTED, author=other_member),
        "changes requested": make_practice(Status.CHANGES_REQUESTED, author=other_member),
        "rejected": make_practice(Status.REJECTED, author=other_member),
        "archived": make_practice(Status.ARCHIVED, author=other_member),
        "members only": make_practice(
            Status.PUBLISHED, author=other_member, visibility=Visibility.MEMBERS
        ),
        "public": make_practice(Status.PUBLISHED, author=other_member),
        "my draft": make_practice(Status.DRAFT, author=member),
    }
    for name, practice in practices.items():
        practice.tags.add(f"case {name}")
    practices["public"].tags.add("case members only")  # also on a public practice: shown
    practices["members only"].tags.add("members topic")
    return practices


HIDDEN_FROM_MEMBERS = ["draft", "submitted", "changes requested", "rejected", "archived"]


def suggestions(client):
    html = client.get("/practices/new/").content.decode()
    datalist = html[html.index('<datalist id="tag-suggestions">') :]
    datalist = datalist[: datalist.index("</datalist>")]
    return set(re.findall(r'<option value="([^"]*)">', datalist))


def test_tag_suggestions_offer_a_member_only_tags_of_practices_they_may_open(member, tagged):
    offered = suggestions(signed_in(member))
    assert offered == {"case public", "case members only", "members topic", "case my draft"}
    for state in HIDDEN_FROM_MEMBERS:
        assert f"case {state}" not in offered


def test_coordinators_are_offered_every_tag(coordinator, tagged):
    offered = suggestions(signed_in(coordinator))
    assert {f"case {state}" for state in tagged} <= offered


@pytest.mark.parametrize("state", HIDDEN_FROM_MEMBERS + ["my draft"])
def test_tag_used_only_on_hidden_practices_has_no_page(client_as, tagged, state):
    slug = tagged[state].tags.get(name=f"case {state}").slug
    for persona in ["anonymous", "member", "other_member", "coordinator"]:
        assert client_as(persona).get(f"/tags/{slug}/").status_code == 404, persona


def test_members_only_tag_has_a_page_for_members_only(client_as, tagged):
    slug = tagged["members only"].tags.get(name="members topic").slug
    assert client_as("anonymous").get(f"/tags/{slug}/").status_code == 404
    assert client_as("applicant").get(f"/tags/{slug}/").status_code == 404
    response = client_as("member").get(f"/tags/{slug}/")
    assert response.status_code == 200
    assert tagged["members only"].title in response.content.decode()


def test_tag_on_a_public_practice_has_a_page_for_everyone(client_as, tagged):
    slug = tagged["public"].tags.get(name="case public").slug
    response = client_as("anonymous").get(f"/tags/{slug}/")
    assert response.status_code == 200
    assert tagged["public"].title in response.content.decode()
    assert client_as("anonymous").get("/tags/no-such-tag/").status_code == 404


def test_tag_list_names_and_counts_only_what_the_reader_may_see(client_as, tagged):
    def listed(persona):
        html = client_as(persona).get("/tags/").content.decode()
        return dict(
            re.findall(r'class="tag" href="/tags/[^"]+/">([^<]+) <span class="count">(\d+)', html)
        )

    assert listed("anonymous") == {"case members only": "1", "case public": "1"}
    assert listed("member") == {
        "case members only": "2",
        "case public": "1",
        "members topic": "1",
    }
    # Coordinators browse as members do: the tag list is of published practices.
    assert listed("coordinator") == listed("member")


@pytest.mark.parametrize("state", HIDDEN_FROM_MEMBERS + ["my draft"])
def test_the_listing_never_names_a_tag_used_only_on_hidden_practices(client_as, tagged, state):
    """A hand-written ?tag=<slug> must not turn a hidden tag's slug into its name on a chip."""
    tag = tagged[state].tags.get(name=f"case {state}")
    for persona in ["anonymous", "member", "other_member"]:
        html = client_as(persona).get("/practices/", {"tag": tag.slug}).content.decode()
        assert tag.name not in html, persona
        assert "that filter matches nothing" in html, persona


def test_the_listing_names_a_members_only_tag_for_members_only(client_as, tagged):
    tag = tagged["members only"].tags.get(name="members topic")
    anonymous = client_as("anonymous").get("/practices/", {"tag": tag.slug}).content.decode()
    assert tag.name not in anonymous
    member = client_as("member").get("/practices/", {"tag": tag.slug}).content.decode()
    assert tag.name in member
