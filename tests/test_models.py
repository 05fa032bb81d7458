"""Database constraints back the rules the forms check."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cop.models import EventFigure
from practices.models import Practice
from tests.factories import (
    CountryFactory,
    EventFactory,
    ObjectiveFactory,
    PhaseFactory,
    PracticeFactory,
    PresentationFactory,
    SessionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def refused(**kwargs):
    return pytest.raises(IntegrityError, **kwargs)


def test_objective_numbers_run_from_1_to_6():
    ObjectiveFactory(number=6)
    with refused(), transaction.atomic():
        ObjectiveFactory(number=7, slug="seven", title="Seven")
    with refused(), transaction.atomic():
        ObjectiveFactory(number=0, slug="zero", title="Zero")


def test_theme_numbers_run_from_1_to_6():
    with refused(), transaction.atomic():
        ThemeFactory(number=9)


def test_practice_slugs_are_unique():
    PracticeFactory(slug="same")
    with refused(), transaction.atomic():
        PracticeFactory(slug="same")


@pytest.mark.parametrize("field", ["status", "kind", "focus", "visibility"])
def test_practice_choices_are_enforced_by_the_database(field):
    practice = PracticeFactory()
    with refused(), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(**{field: "nonsense"})


def test_a_published_practice_needs_a_publication_date():
    with refused(), transaction.atomic():
        PracticeFactory(status=Practice.Status.PUBLISHED, published_at=None)
    PracticeFactory(status=Practice.Status.DRAFT, published_at=None)


def test_country_iso_code_is_two_capitals():
    with refused(), transaction.atomic():
        CountryFactory(iso_code="m1")


def test_phase_and_event_cannot_end_before_they_start():
    with refused(), transaction.atomic():
        PhaseFactory(start_year=2020, end_year=2019)
    with refused(), transaction.atomic():
        EventFactory(start_date=datetime.date(2019, 5, 21), end_date=datetime.date(2019, 5, 20))


def test_scores_are_out_of_5_and_percentages_within_100():
    event = EventFactory()
    with refused(), transaction.atomic():
        EventFigure.objects.create(event=event, order=1, label="x", value=6, unit="score")
    with refused(), transaction.atomic():
        EventFigure.objects.create(event=event, order=2, label="y", value=101, unit="percent")
    figure = EventFigure.objects.create(event=event, order=3, label="Overall", value=4.4,
                                        unit="score")  # fmt: skip
    figure.refresh_from_db()
    assert figure.display_value == "4.4 / 5"


def test_session_order_is_unique_within_an_event():
    session = SessionFactory(order=1)
    with refused(), transaction.atomic():
        SessionFactory(event=session.event, order=1)


def test_source_presentation_must_belong_to_the_source_session():
    presentation = PresentationFactory()
    other_session = SessionFactory()
    practice = PracticeFactory(source_presentation=presentation, source_session=other_session)
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "source_presentation" in error.value.message_dict


def test_practice_source_prefers_the_presentation():
    presentation = PresentationFactory()
    practice = PracticeFactory(source_presentation=presentation,
                               source_session=presentation.session)  # fmt: skip
    assert practice.source == presentation


def test_taggit_uses_the_explicit_through_model():
    practice = PracticeFactory(tags=["Training", "training", "mock trials"])
    # Tags are case-insensitive: "Training" and "training" are one tag.
    assert sorted(t.name.lower() for t in practice.tags.all()) == ["mock trials", "training"]
    assert practice.tagged_items.count() == 2


def test_numbered_sessions_are_labelled_with_their_number():
    assert SessionFactory(number=3, title="Capacity building").label == (
        "Session 3: Capacity building"
    )
    assert SessionFactory(number=None, title="Formal opening").label == "Formal opening"
