"""The About, Privacy and Contact pages: what the report says of the community, what the site
keeps about people, and how to reach the coordinators."""

import html
import re

import pytest
from django.urls import reverse

from cop.members.forms import ApplicationForm
from cop.members.models import MembershipApplication
from tests.cop.test_settings import start

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's visible words, tags removed and entities decoded, spaces collapsed."""
    body = response.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_pages_have_their_names_and_addresses():
    assert reverse("cop:about") == "/about/"
    assert reverse("cop:privacy") == "/privacy/"
    assert reverse("cop:contact") == "/contact/"


def test_every_page_links_about_privacy_and_contact_in_its_footer(client, world):
    for url in ("/", "/practices/", world.training.get_absolute_url(), "/join/"):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        for path in ("/about/", "/privacy/", "/contact/"):
            assert f'href="{path}"' in footer, (url, path)


def test_the_about_page_says_what_a_community_of_practice_is_and_who_funds_it(client, world):
    page = text_of(client.get("/about/"))

    assert "Why a Community of Practice?" in page
    assert "A CoP is a trusted group of practitioners that shares knowledge based on real" in page
    assert (
        "People are facing the same challenges but have different solutions. Collaboration and "
        "cooperation at bilateral and international level is crucial." in page
    )
    assert "GLO.ACT is funded by the European Union." in page
    assert world.event.get_absolute_url() in client.get("/about/").content.decode()


def test_the_privacy_notice_names_everything_an_applicant_types(client):
    page = text_of(client.get("/privacy/")).lower()

    for name in ApplicationForm.Meta.fields:
        if name == "country_other":  # "country", said once for both
            continue
        label = str(MembershipApplication._meta.get_field(name).verbose_name).lower()
        assert label in page, label
    assert "internal note" in page and "never sent to you" in page


def test_the_privacy_notice_gives_the_lockout_and_session_as_configured(client, settings):
    page = text_of(client.get("/privacy/"))

    assert "lock the account for 15 minutes" in page
    assert "at most 14 days" in page
    assert "How to be removed" in page


def test_the_join_form_links_the_privacy_notice(client):
    assert 'href="/privacy/#applicants"' in client.get("/join/").content.decode()


def test_the_contact_page_gives_the_configured_address(client, settings):
    settings.COP_CONTACT_EMAIL = "coordinators@example.org"

    body = client.get("/contact/").content.decode()

    assert 'href="mailto:coordinators@example.org"' in body


def test_without_an_address_the_contact_page_says_so_and_invents_none(client, settings):
    settings.COP_CONTACT_EMAIL = ""

    response = client.get("/contact/")

    assert response.status_code == 200
    assert "no public contact address" in text_of(response)
    assert "mailto:" not in response.content.decode()


def test_members_see_who_the_coordinators_are_and_visitors_do_not(client, member, coordinator):
    assert "Carmen Coordinator" not in text_of(client.get("/contact/"))

    client.force_login(member)

    body = client.get("/contact/").content.decode()
    assert "Carmen Coordinator" in body
    assert reverse("accounts:member", args=[coordinator.username]) in body


def test_the_sitemap_lists_the_three_pages(client):
    xml = client.get("/sitemap.xml").content.decode()

    for path in ("/about/", "/privacy/", "/contact/"):
        assert f"{path}</loc>" in xml, path


def test_a_contact_address_that_is_not_one_stops_start_up():
    result = start({"DJANGO_SECRET_KEY": "k", "COP_CONTACT_EMAIL": "the coordinators"})

    assert result.returncode != 0
    assert "COP_CONTACT_EMAIL" in result.stderr
