"""The header marks the page being read (cop/templatetags/site_nav.py, templates/base.html and
includes/account_nav.html): the main nav by section, the account menu by page."""

import re

import pytest
from django.urls import reverse

from tests.factories import PracticeFactory


def _current(page):
    """The texts of the links marked as the current page."""
    return re.findall(r'aria-current="page"[^>]*>([^<]+)<', page)


@pytest.mark.django_db
def test_main_nav_marks_the_section_of_the_page(client, world):
    practice = PracticeFactory(title="Joint investigation teams")

    assert "Practices" in _current(client.get(practice.get_absolute_url()).content.decode())
    assert "Practices" in _current(client.get(reverse("practices:list")).content.decode())
    assert "Objectives" in _current(client.get(reverse("cop:objectives")).content.decode())
    assert "Events" in _current(client.get(reverse("cop:events")).content.decode())
    assert "Tags" in _current(client.get(reverse("practices:tags")).content.decode())
    assert _current(client.get(reverse("cop:home")).content.decode()) == []


@pytest.mark.django_db
def test_account_menu_marks_its_own_pages_and_the_whole_curation_area(client_as, member):
    member_client, coordinator_client = client_as("member"), client_as("coordinator")

    assert "Notifications" in _current(
        member_client.get(reverse("accounts:notifications")).content.decode()
    )
    account_page = member_client.get(reverse("accounts:account")).content.decode()
    assert "Mona Member" in _current(account_page)
    applications = coordinator_client.get(reverse("curation:applications")).content.decode()
    assert "Curation" in _current(applications)
    # A member's page is not "your account".
    member_page = member_client.get(reverse("accounts:member", args=["mona"])).content.decode()
    assert "Mona Member" not in _current(member_page)


@pytest.mark.django_db
def test_sign_in_link_returns_visitors_to_the_page_they_were_reading(client, world):
    def sign_in_href(url):
        page = client.get(url).content.decode()
        return re.search(r'href="([^"]*)">Sign in<', page).group(1)

    login = reverse("accounts:login")
    assert sign_in_href(reverse("cop:events")) == f"{login}?next=/events/"
    assert sign_in_href(reverse("cop:home")) == login
    assert sign_in_href(login) == login
