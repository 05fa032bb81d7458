"""A review decision touches the database a fixed number of times, pinned here exactly.

Issue 8 found a POST "request changes" loading the practice twice, checking the role three
times and the comment four times. Each decision now: the signed-in user and their roles (2),
then one transaction (a savepoint and its release inside the test's own transaction) that
locks the practice with its author, their e-mail preference and the number of its latest
version (and the revision with its author), writes, logs and notifies (the notice's rows;
its link is checked in Python, not by a query). Publishing and approving also keep a
version (the snapshot's filing in one query, the insert); approving a revision that changes
the text only reuses the filing it read before writing. The search index follows in the
database's own triggers. The counts hold whatever the size of the practice.
"""

import pytest
from django.test import Client

from practices import workflow
from practices.models import Practice
from tests.factories import CountryFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

Status = Practice.Status
ALL_CHECKS = list(workflow.CHECKLIST)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def decision(name):
    return {"decision": name, "comment": "Say why.", "checks": ALL_CHECKS, "visibility": ""}


@pytest.fixture(params=["small", "large"])
def filed(request, make_practice):
    """make(status): a practice filed under one objective, or under many things."""

    def make(status):
        if request.param == "small":
            return make_practice(status, slug="decided")
        return make_practice(
            status,
            slug="decided",
            objectives=[ObjectiveFactory() for _ in range(4)],
            countries=[CountryFactory() for _ in range(6)],
            tags=[f"tag {n}" for n in range(8)],
        )

    return make


# The search index follows in the same statements: the database's triggers keep it current
# (it cost six more queries on SQLite, four on PostgreSQL, when the workflow called reindex).


@pytest.mark.parametrize(
    "name, queries",
    [
        ("request_changes", 8),  # was 57
        ("reject", 8),  # was 57
        ("publish", 10),  # was 78
    ],
)
def test_a_decision_on_a_submission_takes_a_fixed_number_of_queries(
    name, queries, filed, coordinator, django_assert_num_queries
):
    practice = filed(Status.SUBMITTED)
    client = signed_in(coordinator)
    url = f"/curation/practices/{practice.slug}/decide/"
    with django_assert_num_queries(queries):
        response = client.post(url, decision(name))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status != Status.SUBMITTED


def test_archiving_takes_a_fixed_number_of_queries(filed, coordinator, django_assert_num_queries):
    practice = filed(Status.PUBLISHED)
    client = signed_in(coordinator)
    with django_assert_num_queries(9):  # was 64
        response = client.post(f"/curation/practices/{practice.slug}/archive/", {"comment": "Old"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.ARCHIVED


@pytest.mark.parametrize(
    "name, queries",
    [
        ("request_changes", 9),  # was 44
        ("reject", 9),  # was 44
        ("publish", 12),  # was 132
    ],
)
def test_a_decision_on_a_revision_takes_a_fixed_number_of_queries(
    name, queries, filed, member, coordinator, django_assert_num_queries
):
    practice = filed(Status.PUBLISHED)
    revision = workflow.propose_revision(
        practice=practice, actor=member,
        snapshot={"body": "The text changed; what it is filed under did not."},
        lock_version=practice.lock_version,
    )  # fmt: skip
    client = signed_in(coordinator)
    url = f"/curation/revisions/{revision.pk}/decide/"
    with django_assert_num_queries(queries):
        response = client.post(url, decision(name))
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.is_open == (name == "request_changes")
    assert revision.status != revision.Status.PENDING


@pytest.mark.parametrize("waiting", [1, 6])
def test_the_queue_takes_a_fixed_number_of_queries(
    waiting, coordinator, member, make_practice, django_assert_num_queries
):
    for n in range(waiting):
        make_practice(Status.SUBMITTED, slug=f"waiting-{n}", countries=[CountryFactory()])
        published = make_practice(Status.PUBLISHED, slug=f"live-{n}")
        workflow.propose_revision(
            practice=published, actor=member, snapshot={"body": f"Changed {n}"},
            lock_version=published.lock_version,
        )  # fmt: skip
    client = signed_in(coordinator)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get("/curation/")
    assert response.status_code == 200
    assert response.content.decode().count("waiting-") == waiting


# As many as before the redesign, whatever waits: the user and their roles, the totals, each
# kind with its author and then its objectives and countries, the filters' choices.
QUEUE_QUERIES = 14
