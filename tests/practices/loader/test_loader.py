"""Loading the Vienna 2019 workshop data file: what it holds, reloading, and how it fails.

The tests load the real data file (or an edited copy of it in tmp_path) through the management
command, as `make load` does, and look at the database afterwards.
"""

import datetime as dt
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cop.models import Event, EventFigure, Objective, Organisation, Presentation, Session
from countries.models import Country, Phase, Region
from practices import search
from practices.loader import DEFAULT_PATH
from practices.models import Practice, TaggedPractice, Theme

pytestmark = pytest.mark.django_db

ALL_MODELS = [
    Region,
    Phase,
    Country,
    Objective,
    Theme,
    Organisation,
    Event,
    EventFigure,
    Session,
    Presentation,
    Practice,
    TaggedPractice,
]


def load(path=None):
    """Run `manage.py load_workshop [--file path]` and return what it printed."""
    out = io.StringIO()
    options = {"file": str(path)} if path is not None else {}
    call_command("load_workshop", stdout=out, **options)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def edit(path, old, new):
    """Replace one exact passage of the data file; the passage must be there exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the test's anchor is missing or ambiguous: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def data_file(tmp_path):
    """A copy of the real data file that a test may edit."""
    path = tmp_path / "workshop.toml"
    shutil.copyfile(DEFAULT_PATH, path)
    return path


# --- what the file holds -------------------------------------------------------------------


def test_loading_creates_the_whole_workshop():
    output = load()

    assert Region.objects.count() == 6
    assert Country.objects.count() == 19
    assert Objective.objects.count() == 6
    assert Theme.objects.count() == 6
    assert Event.objects.count() == 1
    first, second = Phase.objects.order_by("start_year")
    assert (first.slug, first.start_year, first.end_year) == ("glo-act-2015-2019", 2015, 2019)
    assert first.countries.count() == 13
    assert second.slug == "glo-act-asia-middle-east-2018-2022"
    assert set(second.countries.values_list("slug", flat=True)) == {
        "afghanistan",
        "bangladesh",
        "iran",
        "iraq",
        "pakistan",
    }
    event = Event.objects.get()
    assert list(event.sessions.values_list("slug", flat=True)) == [
        "opening",
        "introduction",
        "session-1",
        "session-2",
        "session-3",
        "session-4",
        "session-5",
        "conclusions",
    ]
    assert Presentation.objects.count() == 43
    assert EventFigure.objects.count() == 19
    assert Practice.objects.count() == 60
    assert Practice.objects.filter(kind=Practice.Kind.RECOMMENDATION).count() == 16
    assert Practice.objects.exclude(kind=Practice.Kind.RECOMMENDATION).count() >= 30
    assert "Total: " in output and "0 updated, 0 unchanged" in output


def test_every_practice_is_published_public_sourced_and_dated_by_the_workshop():
    load()

    practices = Practice.objects.select_related("source_session").prefetch_related(
        "objectives", "tags", "source_session__objectives"
    )
    for practice in practices:
        assert practice.source_event.slug == "vienna-2019", practice.slug
        if practice.source_part == Practice.SourcePart.PROCEEDINGS:
            assert practice.source_session is not None, practice.slug
            # Said in a session: filed under that session's objectives, and only those.
            session_objectives = {o.number for o in practice.source_session.objectives.all()}
            numbers = {o.number for o in practice.objectives.all()}
            assert numbers and numbers <= session_objectives, practice.slug
        else:
            assert practice.source_session is None, practice.slug
            assert practice.source_presentation is None, practice.slug
        assert practice.status == Practice.Status.PUBLISHED
        assert practice.visibility == Practice.Visibility.PUBLIC
        assert practice.dated_by_event, practice.slug
        assert practice.presented_dates == (dt.date(2019, 5, 20), dt.date(2019, 5, 21))
        assert len(practice.summary) <= 400
        tags = list(practice.tags.names())
        assert 2 <= len(tags) <= 5, practice.slug
        assert all(tag == tag.lower() for tag in tags), practice.slug
    assert 4 <= Practice.objects.filter(featured=True).count() <= 6
    recommendations = Practice.objects.filter(kind=Practice.Kind.RECOMMENDATION)
    assert not recommendations.exclude(source_part=Practice.SourcePart.CONCLUSIONS).exists()
    assert not recommendations.filter(themes__isnull=True).exists()


def test_what_the_report_tells_in_its_background_is_not_filed_under_a_session():
    load()

    for slug in (
        "virtual-reality-tool-on-organ-removal",
        "iom-stakeholder-consultation-for-the-handbook",
        "mobile-applications-with-ibm-and-civil-society",
    ):
        practice = Practice.objects.get(slug=slug)
        assert practice.source_part == Practice.SourcePart.BACKGROUND, slug
        assert practice.source_session is None, slug
        assert practice.source_label == (
            "Report of the GLO.ACT Community of Practice Workshop: background"
        )
    hackathons = Practice.objects.get(slug="glo-act-hackathons-in-brazil-and-colombia")
    assert hackathons.source_part == Practice.SourcePart.CONCLUSIONS
    assert hackathons.source_label == "Conclusions of the GLO.ACT Community of Practice Workshop"


def test_the_hackathons_and_the_ibm_mobile_applications_are_two_practices():
    load()

    hackathons = Practice.objects.get(slug="glo-act-hackathons-in-brazil-and-colombia")
    apps = Practice.objects.get(slug="mobile-applications-with-ibm-and-civil-society")
    assert set(hackathons.countries.values_list("slug", flat=True)) == {"brazil", "colombia"}
    assert not hackathons.organisations.exists()
    assert "IBM" not in hackathons.body and "mobile" not in hackathons.body
    # The report names no country for the applications, and the conclusions no hackathon of IBM.
    assert not apps.countries.exists()
    assert list(apps.organisations.values_list("slug", flat=True)) == ["ibm"]
    assert "hackathon" not in apps.body.lower()
    assert not Practice.objects.filter(slug="hackathons-and-mobile-apps").exists()


def test_a_recommendation_is_filed_under_an_objective_only_where_it_names_it():
    load()

    recommendations = Practice.objects.filter(kind=Practice.Kind.RECOMMENDATION)
    filed = {p.slug: {o.number for o in p.objectives.all()} for p in recommendations}
    assert filed == {slug: ({3} if "capacity-building" in slug else set()) for slug in filed}, filed
    assert Practice.objects.filter(objectives__isnull=True).count() == 17


def test_no_summary_says_a_country_does_what_the_report_only_mentions():
    load()

    female = Practice.objects.get(slug="pakistan-female-trainers")
    assert "mentioned as a good practice" in female.summary
    assert "Pakistan has" not in female.summary and "Pakistan mainstreams" not in female.summary
    intervention = Presentation.objects.get(presenter_name="Representative of Pakistan")
    assert "Pakistan has female trainers" not in intervention.summary


def test_the_workshop_facts_are_as_the_report_gives_them():
    load()

    event = Event.objects.get(slug="vienna-2019")
    assert (str(event.start_date), str(event.end_date)) == ("2019-05-20", "2019-05-21")
    assert event.venue == "Vienna International Centre"
    assert event.subtitle == "Peer to peer exchange"
    assert event.country is None
    assert len(event.aim_list) == 6

    session_5 = Session.objects.get(event=event, slug="session-5")
    assert set(session_5.objectives.values_list("number", flat=True)) == {5, 6}
    assert session_5.moderator_name == "Ms. Joy Ezeilo"
    opening = Session.objects.get(event=event, slug="opening")
    assert opening.moderator_name == "Mr. Ilias Chatzis"
    assert opening.moderator_role.startswith("Chief of the Human Trafficking")

    pakistan = Country.objects.get(slug="pakistan")
    assert pakistan.phases.count() == 2
    assert "2018" in pakistan.context
    for slug in ("mexico", "spain"):
        assert not Country.objects.get(slug=slug).phases.exists()
    assert Country.objects.partners().count() == 17
    assert Country.objects.get(iso_code="LA").official_name == "Lao People's Democratic Republic"

    puttonen = Presentation.objects.get(presenter_name="Ms. Riikka Puttonen")
    assert puttonen.presenter_role == "Drug Control and Crime Prevention Officer"
    assert puttonen.organisation.acronym == "UNODC"
    assert puttonen.session.slug == "session-1"

    remote = Presentation.objects.filter(remote=True)
    assert set(remote.values_list("presenter_name", flat=True)) == {
        "Ms. Giulia Treves",
        "Mr. Victor Aguirre",
    }
    assert Presentation.objects.get(presenter_name="Ms. Giulia Treves").country.slug == (
        "south-africa"
    )

    overall = EventFigure.objects.get(event=event, label="Overall evaluation of the Workshop")
    assert overall.value == Decimal("4.4")
    assert overall.display_value == "4.4 / 5"
    assert EventFigure.objects.get(event=event, unit="percent").value == 59
    cooperation = EventFigure.objects.filter(group__contains="strengthening cooperation")
    assert list(cooperation.values_list("value", flat=True)) == [26, 15, 13, 12, 11, 11]

    impact = Practice.objects.filter(
        kind=Practice.Kind.RECOMMENDATION, themes__slug="impact", body__icontains="WhatsApp"
    )
    assert impact.count() == 1

    acts = Practice.objects.get(slug="pakistan-2018-tip-and-som-acts")
    assert acts.source_presentation.presenter_name == "Mr. Bilal Mahmood Chaudhary"
    assert acts.source_session == acts.source_presentation.session
    assert set(acts.countries.values_list("slug", flat=True)) == {"pakistan"}
    assert Organisation.objects.get(slug="lawrence-house").country.slug == "south-africa"


def test_loaded_practices_are_found_by_search_at_once():
    """The database's own triggers index what the loader writes: no rebuild is needed."""
    load()

    acts = Practice.objects.get(slug="pakistan-2018-tip-and-som-acts")
    found = search.search(Practice.objects.all(), f'"{acts.title}"')
    assert acts.slug in set(found.values_list("slug", flat=True))


# --- reloading -----------------------------------------------------------------------------


def test_loading_twice_changes_nothing():
    load()
    before = counts()
    stamps = dict(Practice.objects.values_list("slug", "updated_at"))
    phases = set(Country.phases.through.objects.values_list("country_id", "phase_id"))

    output = load()

    assert counts() == before
    assert dict(Practice.objects.values_list("slug", "updated_at")) == stamps
    assert set(Country.phases.through.objects.values_list("country_id", "phase_id")) == phases
    assert "Total: 0 created, 0 updated," in output
    assert "deleted" not in output


BEFORE_ISSUE_7 = Path(__file__).parent / "data" / "vienna_2019_before_issue_7.toml"


def test_reloading_a_site_loaded_from_the_old_file_applies_the_corrections():
    load(BEFORE_ISSUE_7)
    old = Practice.objects.get(slug="hackathons-and-mobile-apps")
    assert Practice.objects.get(slug="virtual-reality-tool-on-organ-removal").source_session
    assert Practice.objects.filter(objectives__number=1, kind="recommendation").count() == 12

    output = load()

    vr = Practice.objects.get(slug="virtual-reality-tool-on-organ-removal")
    assert (vr.source_part, vr.source_session, vr.source_presentation) == ("background", None, None)
    assert not vr.objectives.exists()
    iom = Practice.objects.get(slug="iom-stakeholder-consultation-for-the-handbook")
    assert (iom.source_part, iom.source_session) == ("background", None)
    assert not Practice.objects.filter(objectives__number=1, kind="recommendation").exists()
    assert not Practice.objects.published().filter(dated_by_event=False).exists()
    # The combined practice is withdrawn, kept with its history; the two new ones are public.
    old.refresh_from_db()
    assert old.status == Practice.Status.ARCHIVED
    assert old.transitions.filter(action="archived").count() == 1
    public = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    assert public.filter(slug="glo-act-hackathons-in-brazil-and-colombia").exists()
    assert public.filter(slug="mobile-applications-with-ibm-and-civil-society").exists()
    assert "practices: 2 created" in output and "1 archived" in output

    assert "Total: 0 created, 0 updated," in load()


def test_a_practice_cannot_be_both_retired_and_listed(data_file):
    edit(
        data_file,
        'retired_practices = ["hackathons-and-mobile-apps"]',
        'retired_practices = ["networking-the-networks"]',
    )

    with pytest.raises(CommandError, match=r'retired_practices\[0\]: "networking-the-networks"'):
        load(data_file)


def test_a_background_practice_cannot_also_name_a_session(data_file):
    edit(
        data_file,
        'organisations = ["ibm"]',
        'session = "session-3"\norganisations = ["ibm"]',
    )

    with pytest.raises(CommandError) as excinfo:
        load(data_file)

    assert '"mobile-applications-with-ibm-and-civil-society"' in str(excinfo.value)
    assert "not sessions" in str(excinfo.value)
    assert all(n == 0 for n in counts().values())


def test_an_edited_file_updates_only_the_edited_record(data_file):
    load(data_file)
    stamps = dict(Practice.objects.values_list("slug", "updated_at"))
    edit(
        data_file,
        'title = "Networking the networks"',
        'title = "Networking the networks of practitioners"',
    )
    edit(
        data_file,
        'tags = ["networking the networks", "criminal justice networks", "organized crime"]',
        'tags = ["networking the networks", "organized crime", "super-networks"]',
    )

    output = load(data_file)

    practice = Practice.objects.get(slug="networking-the-networks")
    assert practice.title == "Networking the networks of practitioners"
    assert set(practice.tags.names()) == {
        "networking the networks",
        "organized crime",
        "super-networks",
    }
    assert practice.updated_at > stamps["networking-the-networks"]
    unchanged = {slug: stamp for slug, stamp in stamps.items() if slug != practice.slug}
    assert dict(Practice.objects.exclude(pk=practice.pk).values_list("slug", "updated_at")) == (
        unchanged
    )
    assert "practices: 0 created, 1 updated" in output
    assert "Total: 0 created, 1 updated," in output


def test_an_edited_file_updates_links_between_records(data_file):
    load(data_file)
    edit(
        data_file,
        'region = "western-europe"\nphases = []',
        'region = "western-europe"\nphases = ["glo-act-2015-2019"]',
    )

    load(data_file)

    assert list(Country.objects.get(slug="spain").phases.values_list("slug", flat=True)) == [
        "glo-act-2015-2019"
    ]


def test_what_the_file_no_longer_lists_is_removed_from_the_event(data_file):
    load(data_file)
    # Drop Mr. Ragaglia's table, the last presentation of the introduction, from the file.
    text = data_file.read_text(encoding="utf-8")
    start = text.index('[[event.sessions.presentations]]\nref = "introduction-ragaglia"')
    end = text.index("[[event.sessions]]", start)
    data_file.write_text(text[:start] + text[end:], encoding="utf-8")

    output = load(data_file)

    assert not Presentation.objects.filter(presenter_name="Mr. Enrico Ragaglia").exists()
    assert Presentation.objects.count() == 42
    assert "presentations: 0 created, 0 updated, 42 unchanged, 1 deleted" in output


def test_sessions_can_change_places(data_file):
    load(data_file)
    ids = dict(Session.objects.values_list("slug", "pk"))
    text = data_file.read_text(encoding="utf-8")
    s4 = text.index('[[event.sessions]]\nslug = "session-4"')
    s5 = text.index('[[event.sessions]]\nslug = "session-5"')
    end = text.index('[[event.sessions]]\nslug = "conclusions"')
    data_file.write_text(text[:s4] + text[s5:end] + text[s4:s5] + text[end:], encoding="utf-8")

    output = load(data_file)

    sessions = list(Session.objects.values_list("slug", "pk"))
    assert [slug for slug, _ in sessions][5:7] == ["session-5", "session-4"]
    assert dict(sessions) == ids
    assert "sessions: 0 created, 2 updated, 6 unchanged" in output
    assert Presentation.objects.get(presenter_name="Ms. Giulia Treves").session.slug == (
        "session-5"
    )


# --- broken files --------------------------------------------------------------------------

BROKEN = {
    "unknown objective": (
        'objectives = [2]\norganisations = ["pakistan-ministry-of-foreign-affairs", "unodc"]',
        'objectives = [2, 7]\norganisations = ["pakistan-ministry-of-foreign-affairs", "unodc"]',
        ['practices[0] "pakistan-2018-tip-and-som-acts"', "objectives:", "7"],
    ),
    "missing title": (
        'title = "Six stages of legislative assistance"\n',
        "",
        ['practices[2] "six-stages-of-legislative-assistance"', "title:", "missing"],
    ),
    "bad TOML": ("[event]\n", "[event\n", ["not valid TOML", "line"]),
    "lower-case ISO code": (
        'iso_code = "BR"',
        'iso_code = "br"',
        ['countries[1] "brazil"', "iso_code:", "two capital letters"],
    ),
    "three-letter ISO code": (
        'iso_code = "ES"',
        'iso_code = "ESP"',
        ['countries[18] "spain"', "iso_code:"],
    ),
    "unknown key": (
        'slug = "iraq"\n',
        'slug = "iraq"\ncapital = "Baghdad"\n',
        ['countries[16] "iraq"', "capital:", "unknown key"],
    ),
    "unknown country": (
        'countries = ["morocco", "iraq"]',
        'countries = ["morocco", "atlantis"]',
        ['practices[15] "whatsapp-groups-after-training"', "countries:", "atlantis"],
    ),
    "wrong type": (
        "start_year = 2018",
        'start_year = "2018"',
        ['phases[1] "glo-act-asia-middle-east-2018-2022"', "start_year:", "whole number"],
    ),
    "score above 5": (
        "value = 4.6",
        "value = 6",
        ["event.figures[1]", "value", "out of 5"],
    ),
    "presentation from another session": (
        'session = "session-2"\npresentation = "saretzki"',
        'session = "session-3"\npresentation = "saretzki"',
        ['practices[8] "colombia-first-national-strategy-against-som"', "presentation:"],
    ),
    "summary too long": (
        'summary = "Mexico and Belarus give participants credits after training."',
        f'summary = "{"Credits. " * 50}"',
        ['practices[17] "credits-for-training-participants"', "summary:", "400"],
    ),
    "duplicate slug": (
        'slug = "recommendation-hear-different-voices"',
        'slug = "recommendation-innovation"',
        ['practices[54] "recommendation-innovation"', "slug:", "more than once"],
    ),
}


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_names_the_record_and_field_and_writes_nothing(data_file, old, new, expected):
    edit(data_file, old, new)

    with pytest.raises(CommandError) as excinfo:
        load(data_file)

    for fragment in expected:
        assert fragment in str(excinfo.value)
    assert all(n == 0 for n in counts().values()), counts()


def test_a_broken_file_leaves_a_loaded_database_as_it_was(data_file):
    load()
    before = counts()
    # An early record that would be updated, then a late one that is broken.
    edit(data_file, 'name = "Middle East"', 'name = "Near East"')
    edit(
        data_file,
        'focus = "smuggling"\nsummary = """\nBefore GLO.ACT, Colombia',
        'focus = "migration"\nsummary = """\nBefore GLO.ACT, Colombia',
    )

    with pytest.raises(CommandError, match=r'practices\[8\] "colombia-[a-z-]+": focus:'):
        load(data_file)

    assert counts() == before
    assert Region.objects.get(slug="middle-east").name == "Middle East"


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        load(tmp_path / "nowhere.toml")


def test_if_empty_never_reverts_what_curators_edited():
    load()
    Practice.objects.filter(slug="whatsapp-groups-after-training").update(title="Edited on site")
    out = io.StringIO()
    call_command("load_workshop", if_empty=True, stdout=out)
    output = out.getvalue()
    assert "nothing loaded" in output
    assert Practice.objects.get(slug="whatsapp-groups-after-training").title == "Edited on site"
