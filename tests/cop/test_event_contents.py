"""The event page opens with its contents: one link to every session, each landing on it."""

import re

import pytest

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_event_page_contents_link_to_every_session(client, world):
    SessionFactory(event=world.event, title="Conclusions and closure", slug="conclusions")
    html = client.get(world.event.get_absolute_url()).content.decode()
    contents = re.search(r'<nav class="toc"[^>]*>(.*?)</nav>', html, re.S)
    assert contents, "the event page has a table of contents"
    links = re.findall(r'href="#([^"]+)"', contents.group(1))
    sessions = list(world.event.sessions.order_by("order").values_list("slug", flat=True))
    assert len(sessions) == 2
    # Every session is listed, in programme order, and its anchor is on the page.
    assert [link for link in links if link in sessions] == sessions
    for anchor in links:
        assert html.count(f'id="{anchor}"') == 1, anchor
    assert "Conclusions and closure" in contents.group(1)


def test_each_session_leads_back_to_the_contents(client, world):
    html = client.get(world.event.get_absolute_url()).content.decode()
    assert 'id="contents"' in html
    assert 'href="#contents"' in html


def test_event_page_query_count_does_not_grow_with_the_contents(
    client, world, django_assert_max_num_queries
):
    for i in range(6):
        SessionFactory(event=world.event, slug=f"extra-{i}")
    with django_assert_max_num_queries(10):
        assert client.get(world.event.get_absolute_url()).status_code == 200


def test_event_page_labels_members_only_practices_for_members(client, world):
    from django.test import Client

    from practices.models import Practice
    from tests.factories import MemberFactory, PracticeFactory

    PracticeFactory(
        title="Closed briefing for prosecutors",
        status=Practice.Status.PUBLISHED,
        visibility=Practice.Visibility.MEMBERS,
        published_at=world.event.end_date.isoformat() + "T12:00:00Z",
        source_event=world.event,
        source_session=world.session,
    )
    member = Client()
    member.force_login(MemberFactory())
    html = member.get(world.event.get_absolute_url()).content.decode()
    entry = html[html.index("Closed briefing for prosecutors") :][:300]
    assert "Members only" in entry
    public = client.get(world.event.get_absolute_url()).content.decode()
    assert "Closed briefing for prosecutors" not in public
