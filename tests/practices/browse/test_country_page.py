"""A country's page lists its practices with facets that are about that country's practices."""

import re

import pytest

from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def offered(response, facet):
    return re.findall(rf'type="checkbox" name="{facet}" value="([^"]+)"', response.content.decode())


@pytest.fixture
def shared(world):
    """A practice of Morocco that also names Brazil (Latin America)."""
    return PracticeFactory(
        title="A joint Morocco–Brazil exchange",
        slug="morocco-brazil-exchange",
        countries=[world.morocco, world.brazil],
        objectives=[world.objectives["regional-cooperation"]],
    )


def test_country_page_does_not_offer_regions_or_phases_of_other_countries(client, shared):
    response = client.get("/countries/morocco/")
    assert response.status_code == 200
    assert "A joint Morocco–Brazil exchange" in response.content.decode()
    assert offered(response, "region") == []
    assert offered(response, "phase") == []
    # The facets about the practices themselves stay.
    assert "regional-cooperation" in offered(response, "objective")


def test_listing_still_offers_regions_and_phases(client, shared):
    response = client.get("/practices/?country=morocco")
    assert set(offered(response, "region")) == {"africa", "latin-america"}
    assert offered(response, "phase") == ["glo-act-2015-2019"]


def test_a_region_asked_for_on_a_country_page_stays_visible_and_removable(client, shared):
    response = client.get("/countries/morocco/?region=latin-america")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Region: Latin America" in html  # the chip that removes it
    assert "latin-america" in offered(response, "region")
    titles = re.findall(r'class="card-title"[^>]*><a [^>]*>([^<]+)<', html)
    assert titles == ["A joint Morocco–Brazil exchange"]
