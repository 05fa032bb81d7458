"""Countries: which are partners, and how many of a given set of practices name each."""

import pytest

from countries.models import Country
from practices.models import Practice

pytestmark = pytest.mark.django_db


def test_partners_are_the_countries_of_a_programme_phase(world):
    assert sorted(Country.objects.partners().values_list("slug", flat=True)) == [
        "brazil",
        "morocco",
    ]


def test_practice_counts_count_only_the_practices_given(world):
    counts = dict(
        Country.objects.with_practice_counts(
            Practice.objects.filter(slug="whatsapp-groups")
        ).values_list("slug", "practice_count")
    )
    assert counts == {"brazil": 0, "egypt": 0, "morocco": 1}
    everything = dict(
        Country.objects.with_practice_counts(Practice.objects.all()).values_list(
            "slug", "practice_count"
        )
    )
    assert everything == {"brazil": 1, "egypt": 1, "morocco": 2}
