"""The exact number of queries of every page that shows practices, for a reader and a member.

Measured before the redesign of issue 8 (with the listing caches cold) and pinned here: a
change may lower a number, never raise it. A member's page costs two or three more queries
than an anonymous reader's (the user, their roles, their unread notifications in the header).
"""

import pytest
from django.db import connection
from django.urls import reverse

from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

# SQLite asks one more query to correct a misspelt word (known words, then the vocabulary).
TYPO_EXTRA = {"postgresql": 0, "sqlite": 1}

# (name, address, queries for an anonymous reader, for a member)
PAGES = [
    ("listing", reverse("practices:list"), 6, 9),
    ("listing, filtered", reverse("practices:list")
     + "?country=morocco&objective=capacity-building&tag=training", 6, 9),
    ("search", reverse("practices:list") + "?q=training", 6, 9),
    ("search, misspelt", reverse("practices:list") + "?q=trainng", 6, 9),
    ("objective", reverse("cop:objective", args=["capacity-building"]), 9, 12),
    ("country", reverse("countries:detail", args=["morocco"]), 9, 12),
    ("tag", reverse("practices:tag", args=["training"]), 8, 11),
    ("practice", reverse("practices:detail", args=["whatsapp-groups"]), 9, 12),
    ("home", reverse("cop:home"), 9, 12),
    ("objectives", reverse("cop:objectives"), 1, 4),
    ("countries", reverse("countries:list"), 6, 9),
    ("events", reverse("cop:events"), 1, 3),
    ("event", reverse("cop:event", args=["vienna-2019"]), 8, 11),
    ("tags", reverse("practices:tags"), 1, 4),
    ("feed", reverse("practices:feed"), 3, 5),
    ("export", reverse("practices:export-json"), 6, 8),
]  # fmt: skip


@pytest.fixture
def thirty_practices(world):
    capacity = world.objectives["capacity-building"]
    for i in range(Practice.objects.count(), 30):
        PracticeFactory(objectives=[capacity], countries=[world.morocco], tags=["training"],
                        source_session=world.session, source_event=world.event,
                        slug=f"grown-{i}")  # fmt: skip


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
@pytest.mark.parametrize("name, url, anonymous, signed", PAGES, ids=[p[0] for p in PAGES])
def test_each_page_runs_its_pinned_number_of_queries(
    client, member, thirty_practices, signed_in, name, url, anonymous, signed,
    django_assert_num_queries,
):  # fmt: skip
    if signed_in:
        client.force_login(member)
    expected = signed if signed_in else anonymous
    if name == "search, misspelt":
        expected += TYPO_EXTRA[connection.vendor]
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
