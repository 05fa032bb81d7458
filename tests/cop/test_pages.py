"""Pages of the site's frame: the 404 and 500 pages, and the header's links by role."""

import pytest

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_404_page_uses_the_site_layout(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in text(response)
    assert "Skip to content" in text(response)


def test_500_page_uses_the_site_layout(db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


def test_header_offers_contribution_to_members_only(client, member, db):
    assert 'href="/practices/new/"' not in text(client.get("/"))
    client.force_login(member)
    html = text(client.get("/"))
    assert 'href="/practices/new/"' in html
    assert 'href="/practices/mine/"' in html
