"""What the site says of a practice's source, objectives and date is what the sources say.

A practice from the report's background or the conclusions names that part, not a session; a
practice its source ties to no objective is shown as such everywhere; a practice taken from the
workshop's documents is dated by the workshop, not by a publication day nobody recorded.
"""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from practices.dating import date_range_text
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def background(world):
    """The VR tool, as the report's background tells it: no session, no objective."""
    return PracticeFactory(
        title="A virtual reality tool on organ removal",
        slug="vr-tool",
        summary="UNODC developed a virtual reality tool.",
        objectives=[],
        source_event=world.event,
        source_part=Practice.SourcePart.BACKGROUND,
        dated_by_event=True,
        published_at=dt.datetime(2019, 5, 21, 12, tzinfo=dt.UTC),
    )


def test_a_practice_from_the_report_background_names_it_as_its_source(client, world, background):
    html = client.get(background.get_absolute_url()).content.decode()

    assert f"Report of the {world.event.title}: background" in html
    assert world.session.label not in html


def test_the_conclusions_document_is_a_source_of_its_own(world):
    practice = PracticeFactory(
        source_event=world.event, source_part=Practice.SourcePart.CONCLUSIONS
    )

    assert practice.source.label == f"Conclusions of the {world.event.title}"
    assert practice.source.get_absolute_url() == world.event.get_absolute_url()
    assert practice.source_label == f"Conclusions of the {world.event.title}"


def test_a_session_practice_keeps_its_presentation_as_source(world):
    assert world.training.source == world.presentation
    assert world.training.source_label == (
        f"Mr. Said Ftena: A nation-wide network of prosecutors "
        f"({world.session.label}, {world.event.title})"
    )


@pytest.mark.parametrize("field", ["source_session", "source_presentation"])
def test_the_database_refuses_background_filed_under_a_session_too(world, background, field):
    value = world.session if field == "source_session" else world.presentation
    with pytest.raises(ValidationError, match="not sessions"):
        setattr(background, field, value)
        background.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=background.pk).update(**{field: value})


def test_the_database_refuses_background_without_an_event(background):
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=background.pk).update(source_event=None)


def test_a_practice_from_the_workshop_says_when_it_was_presented_not_published(client, background):
    html = client.get(background.get_absolute_url()).content.decode()

    assert "Presented" in html
    assert (
        '<time datetime="2019-05-20">20</time>–<time datetime="2019-05-21">21 May 2019</time>'
        in (html)
    )
    assert "Published" not in html


def test_a_practice_contributed_on_the_site_keeps_its_publication_date(client, world):
    html = client.get(world.children.get_absolute_url()).content.decode()

    assert "Published" in html
    assert "Presented" not in html


def test_a_practice_without_objective_says_so_on_its_page_and_card(client, world, background):
    page = client.get(background.get_absolute_url()).content.decode()
    listing = client.get(reverse("practices:list")).content.decode()

    assert "Not filed under an objective: its source ties it to none." in page
    assert "Not filed under an objective" in listing


def test_the_listing_groups_practices_without_objective_last_under_their_own_name(
    client, world, background
):
    html = client.get(reverse("practices:list")).content.decode()

    groups = html.split('class="objective-group"')[1:]
    assert "Not filed under an objective" in groups[-1]
    assert background.title in groups[-1]
    assert "Without objective" not in html


def test_exports_give_the_source_part_and_the_event_dates(client, world, background):
    response = client.get(reverse("practices:export-csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_title = {row["Title"]: row for row in rows}

    vr = by_title[background.title]
    assert vr["Source"] == f"Report of the {world.event.title}: background"
    assert vr["Published"] == ""
    assert vr["Presented at its event"] == "2019-05-20/2019-05-21"
    assert vr["Objectives"] == ""
    contributed = by_title[world.children.title]
    assert contributed["Published"] == world.children.published_at.date().isoformat()
    assert contributed["Presented at its event"] == ""

    document = json.loads(client.get(reverse("practices:export-json")).content)
    vr_json = next(p for p in document["practices"] if p["title"] == background.title)
    assert vr_json["presented"] == "2019-05-20/2019-05-21"
    assert vr_json["objectives"] == []


def test_the_feed_gives_no_publication_date_for_a_workshop_practice(client, world, background):
    xml = client.get(reverse("practices:feed")).content.decode()

    entry = xml.split("<entry>")[1:]
    vr = next(e for e in entry if background.title in e)
    assert "<published>" not in vr
    assert f"Presented at the {world.event.title}, 20–21 May 2019." in vr
    children = next(e for e in entry if world.children.title in e)
    assert "<published>" in children


def test_date_ranges_repeat_nothing():
    assert date_range_text(dt.date(2019, 5, 20), dt.date(2019, 5, 21)) == "20–21 May 2019"
    assert date_range_text(dt.date(2019, 4, 30), dt.date(2019, 5, 2)) == "30 April – 2 May 2019"
    assert date_range_text(dt.date(2019, 12, 30), dt.date(2020, 1, 2)) == (
        "30 December 2019 – 2 January 2020"
    )
    assert date_range_text(dt.date(2019, 5, 20), dt.date(2019, 5, 20)) == "20 May 2019"


def test_the_review_page_names_the_source_part(client, coordinator, world):
    practice = PracticeFactory(
        source_event=world.event,
        source_part=Practice.SourcePart.CONCLUSIONS,
        status=Practice.Status.SUBMITTED,
        published_at=None,
    )
    client.force_login(coordinator)

    html = client.get(reverse("curation:review", kwargs={"slug": practice.slug})).content.decode()

    assert f"Conclusions of the {world.event.title}" in html


def test_the_objective_facet_offers_the_practices_filed_under_none(client, world, background):
    html = client.get(reverse("practices:list")).content.decode()

    assert 'name="objective" value="none"' in html
    assert "Not filed under an objective" in html.split('value="none"')[1][:400]

    selected = client.get(reverse("practices:list"), {"objective": "none"})
    titles = [p.title for p in selected.context["listing"].page.object_list]
    assert titles == [background.title]
    chips = [c.label for c in selected.context["listing"].chips]
    assert chips == ["Not filed under an objective"]
    assert not selected.context["listing"].notices

    either = client.get(
        reverse("practices:list"), {"objective": ["none", world.objectives["children"].slug]}
    )
    titles = {p.title for p in either.context["listing"].page.object_list}
    assert titles == {background.title, world.children.title}


def test_the_objective_facet_offers_no_empty_choice(client, world):
    html = client.get(reverse("practices:list")).content.decode()

    assert 'name="objective" value="none"' not in html


def test_the_home_page_does_not_call_workshop_practices_recently_published(client, background):
    html = client.get(reverse("cop:home")).content.decode()

    assert background.title in html
    assert "Recently published" not in html


def test_the_api_gives_the_source_part_and_the_event_dates(client, world, background):
    found = client.get(reverse("api-v1:practice_list")).json()["results"]
    vr = next(p for p in found if p["slug"] == background.slug)
    contributed = next(p for p in found if p["slug"] == world.children.slug)

    assert (vr["source_part"], vr["presented"], vr["published_at"]) == (
        "background",
        "2019-05-20/2019-05-21",
        None,
    )
    assert contributed["presented"] is None and contributed["published_at"]


def test_a_revision_that_names_a_session_files_a_background_practice_under_it(world, background):
    from practices.workflow import snapshots

    snapshot = snapshots.take(background)
    snapshot["source_session"] = f"{world.event.slug}/{world.session.slug}"

    snapshots.apply(background, snapshot)

    background.refresh_from_db()
    assert background.source_part == Practice.SourcePart.PROCEEDINGS
    assert background.source_session == world.session


def test_a_revision_that_drops_the_event_leaves_no_dangling_source_part(world, background):
    from practices.workflow import snapshots

    snapshot = snapshots.take(background)
    snapshot["source_event"] = None

    snapshots.apply(background, snapshot)

    background.refresh_from_db()
    assert (background.source_part, background.dated_by_event) == ("proceedings", False)


def test_an_unchanged_revision_keeps_the_background_source(background):
    from practices.workflow import snapshots

    snapshots.apply(background, snapshots.take(background))

    background.refresh_from_db()
    assert (background.source_part, background.dated_by_event) == ("background", True)
