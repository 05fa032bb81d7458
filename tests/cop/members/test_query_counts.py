"""The members' pages cost a fixed number of queries, with little data and with a lot.

Counted with the header's account menu (one query) and the session and user lookups of a
signed-in request; measured before issue 8's redesign and equal after it.
"""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, NotificationFactory, PracticeFactory

# (persona, URL name, arguments, queries)
PAGES = [
    ("member", "accounts:account", [], 5),
    ("other_member", "accounts:member", ["mona"], 5),
    ("coordinator", "accounts:member", ["mona"], 5),
    ("member", "accounts:notifications", [], 5),
    ("anonymous", "accounts:join", [], 1),
    ("coordinator", "curation:applications", [], 6),
    ("coordinator", "curation:application", ["first"], 4),
]


def _add_data(member, n):
    PracticeFactory.create_batch(n, author=member)
    NotificationFactory.create_batch(n, recipient=member)
    return ApplicationFactory.create_batch(n)


@pytest.mark.django_db
@pytest.mark.parametrize("persona, name, args, queries", PAGES)
def test_members_pages_cost_a_fixed_number_of_queries(
    client_as, member, persona, name, args, queries, django_assert_num_queries
):
    client = client_as(persona)
    for n in (2, 20):
        applications = _add_data(member, n)
        url = reverse(name, args=[applications[0].pk if a == "first" else a for a in args])
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
