"""Fixtures for the contribution and curation tests: practices in every state, by a member."""

import pytest
from django.utils import timezone

from practices.models import Practice
from tests.factories import ObjectiveFactory, PracticeFactory

Status = Practice.Status


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Personas are made with a password; hashing it properly takes most of a test's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def objective(db):
    return ObjectiveFactory(
        number=3, slug="capacity-building", short_label="Capacity building", title="Capacity"
    )


@pytest.fixture
def make_practice(member, objective):
    """make_practice(status, author=…, **fields): a practice by the member (by default)."""

    def make(status=Status.DRAFT, *, author=member, **fields):
        published = status in (Status.PUBLISHED, Status.ARCHIVED)
        fields.setdefault("published_at", timezone.now() if published else None)
        fields.setdefault("objectives", [objective])
        return PracticeFactory(status=status, author=author, **fields)

    return make


@pytest.fixture
def draft(make_practice):
    return make_practice(Status.DRAFT, title="Draft about judges", slug="draft-judges")


@pytest.fixture
def submitted(make_practice):
    return make_practice(Status.SUBMITTED, title="Submitted about police", slug="submitted-police")


@pytest.fixture
def published(make_practice):
    return make_practice(
        Status.PUBLISHED,
        title="Published about shelters",
        slug="published-shelters",
        body="The original text of the shelters practice.",
    )


def form_data(**overrides):
    """What a member types into the practice form; override any field."""
    data = {
        "title": "Joint training of judges and prosecutors",
        "summary": "Judges and prosecutors trained together on trafficking cases.",
        "kind": "good_practice",
        "focus": "both",
        "problem": "Cases collapsed between police and court.",
        "body": "Three **joint** workshops in 2019.",
        "results": "",
        "lessons": "",
        "adaptation": "",
        "contact": "",
        "objectives": ["capacity-building"],
        "tags": " Training, judges ,training,  JUDGES ",
        "lock_version": "0",
        "action": "save",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
