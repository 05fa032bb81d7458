"""/practices/ and the pages that embed its listing: filters, facets, chips, hostile input."""

import re

import pytest
from django.utils.html import escape

from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'class="card-title" id="card-[^"]+"><a href="[^"]+">([^<]+)</a>',
                      response.content.decode())  # fmt: skip


def facet_count(response, facet, value):
    html = response.content.decode()
    match = re.search(
        rf'name="{facet}" value="{re.escape(value)}"[^>]*>\s*<span class="facet-label">[^<]*'
        r'</span> <span class="count">(\d+)',
        html,
    )
    return int(match.group(1)) if match else None


def test_practices_are_grouped_under_objectives_in_order(client, world):
    response = client.get("/practices/")
    html = response.content.decode()
    assert response.status_code == 200
    strategy = html.index("Strategy and policy development")
    capacity = html.index('<span class="chip-num obj-3" aria-hidden="true">3</span> Capacity')
    children = html.index("Assistance and support to children")
    assert strategy < capacity < children
    assert "3 practices" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("objective=capacity-building", {"WhatsApp groups keep trainees connected"}),
        ("country=brazil", {"A national action plan that survives elections"}),
        ("country=brazil&country=egypt", {"A national action plan that survives elections",
                                          "Care for unaccompanied minors"}),
        ("region=latin-america", {"A national action plan that survives elections"}),
        ("phase=glo-act-2015-2019", {"A national action plan that survives elections",
                                     "WhatsApp groups keep trainees connected",
                                     "Care for unaccompanied minors"}),
        ("theme=impact", {"WhatsApp groups keep trainees connected"}),
        ("tag=training", {"WhatsApp groups keep trainees connected",
                          "Care for unaccompanied minors"}),
        ("focus=smuggling", {"Care for unaccompanied minors"}),
        ("kind=lesson_learned", {"A national action plan that survives elections"}),
        ("organisation=unodc", {"WhatsApp groups keep trainees connected"}),
        ("event=vienna-2019", {"WhatsApp groups keep trainees connected",
                               "A national action plan that survives elections"}),
        ("session=vienna-2019/session-3", {"WhatsApp groups keep trainees connected"}),
        ("country=morocco&objective=children", {"Care for unaccompanied minors"}),
    ],
)  # fmt: skip
def test_each_filter_narrows_the_list(client, world, query, expected):
    response = client.get(f"/practices/?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_focus_on_trafficking_includes_practices_on_both(client, world):
    world.children.focus = Practice.Focus.BOTH
    world.children.save()
    response = client.get("/practices/?focus=trafficking")
    assert "Care for unaccompanied minors" in titles(response)


def test_year_filter(client, world):
    year = world.plan.published_at.year
    assert len(titles(client.get(f"/practices/?year={year}"))) == 3
    assert titles(client.get("/practices/?year=1999")) == []


def test_facet_counts_follow_the_other_filters_but_not_their_own(client, world):
    response = client.get("/practices/?country=morocco")
    # Within Morocco: the WhatsApp practice and the minors practice.
    assert facet_count(response, "objective", "capacity-building") == 1
    assert facet_count(response, "objective", "children") == 1
    assert facet_count(response, "objective", "strategy-and-policy") is None
    # The country facet ignores its own filter, so other countries still show their counts.
    assert facet_count(response, "country", "brazil") == 1
    assert facet_count(response, "country", "morocco") == 2
    assert facet_count(response, "tag", "training") == 2


def test_active_filters_are_removable_chips_with_clear_all(client, world):
    response = client.get("/practices/?country=morocco&tag=training&sort=title")
    html = response.content.decode()
    assert "Country: Morocco" in html
    assert escape("?sort=title&tag=training") in html or "tag=training&amp;sort=title" in html
    assert "Clear all filters" in html
    removed = client.get("/practices/?tag=training&sort=title")
    assert len(titles(removed)) == 2


def test_unknown_slug_gets_a_clear_message_not_an_error(client, world):
    response = client.get("/practices/?country=atlantis")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No country called “atlantis”" in html
    assert titles(response) == []


def test_empty_result_offers_to_drop_the_narrowest_filter(client, world):
    response = client.get("/practices/?country=brazil&tag=training")
    html = response.content.decode()
    assert "No practice matches" in html
    # Dropping the country gives 2 results, dropping the tag gives 1: suggest the country.
    assert "Remove “Country: Brazil” to see 2 practices" in html


@pytest.mark.parametrize(
    "query",
    [
        "page=abc", "page=-1", "page=0", "page=99999", "page=1.5", "sort=bogus",
        "country=%00", "country=%ff%fe", "tag=<script>alert(1)</script>", "objective=a'b",
        "session=nonsense", "year=abcd", "year=99999", "country=" + "x" * 500,
        "q=" + "a" * 5000, "q=%00%00", "q=%ff%fe%fd", "q=' & | ! : * ( ) \\",
        "more=%00", "more=" + "x" * 500, "more=tag&more=tag", "more=%ff%fe", "more=TAG",
    ],
)  # fmt: skip
def test_hostile_parameters_give_a_normal_page(client, world, query):
    response = client.get(f"/practices/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_page_past_the_end_says_so(client, world):
    response = client.get("/practices/?page=99")
    assert "There is no page “99”" in response.content.decode()


def test_pagination_keeps_filters(client, world):
    objective = world.objectives["capacity-building"]
    for i in range(25):
        PracticeFactory(objectives=[objective], countries=[world.morocco], slug=f"p-{i}")
    response = client.get("/practices/?country=morocco&sort=title")
    html = response.content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?country=morocco&amp;page=2&amp;sort=title"' in html
    second = client.get("/practices/?country=morocco&sort=title&page=2")
    assert len(titles(second)) == 27 - 20


def test_unpublished_and_members_only_practices_are_not_listed_for_the_public(client, world):
    PracticeFactory(title="Secret draft", status=Practice.Status.DRAFT, published_at=None)
    PracticeFactory(title="For members", visibility=Practice.Visibility.MEMBERS)
    response = client.get("/practices/")
    assert "Secret draft" not in titles(response)
    assert "For members" not in titles(response)
    assert client.get("/practices/for-members/").status_code in (404, 200)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_listing_query_count_is_constant(
    client, world, member, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(member)
    objective = world.objectives["capacity-building"]
    url = "/practices/?country=morocco&objective=capacity-building&tag=training&focus=trafficking"
    for size in (10, 300):
        existing = Practice.objects.count()
        for i in range(existing, size):
            PracticeFactory(
                objectives=[objective], countries=[world.morocco], tags=["training"],
                slug=f"bulk-{i}", focus=Practice.Focus.TRAFFICKING,
            )  # fmt: skip
        addresses = (
            "/practices/",
            url,
            "/practices/?sort=newest",
            "/practices/?q=training",
            "/practices/?q=training&country=morocco",
            "/practices/whatsapp-groups/",
        )
        for address in addresses:
            with django_assert_max_num_queries(12):
                assert client.get(address).status_code == 200


def test_counts_follow_a_newly_published_practice(client, world):
    from practices import workflow

    assert facet_count(client.get("/practices/"), "country", "brazil") == 1
    draft = PracticeFactory(
        slug="brazil-draft", status=Practice.Status.DRAFT, published_at=None,
        countries=[world.brazil],
    )  # fmt: skip
    assert facet_count(client.get("/practices/"), "country", "brazil") == 1
    workflow.admin_publish(practices=Practice.objects.filter(pk=draft.pk), actor=None)
    response = client.get("/practices/")
    assert facet_count(response, "country", "brazil") == 2
    assert "4 practices" in response.content.decode()


def test_a_practice_in_two_countries_of_a_region_counts_once_for_the_region(client, world):
    response = client.get("/practices/")
    # The minors practice names Egypt and Morocco, both in Africa; WhatsApp names Morocco.
    assert facet_count(response, "region", "africa") == 2
    assert facet_count(response, "country", "morocco") == 2
    assert facet_count(response, "country", "egypt") == 1


def checkboxes(response, facet):
    return re.findall(
        rf'type="checkbox" name="{facet}" value="([^"]+)"( checked)?', response.content.decode()
    )


@pytest.fixture
def many_tags(world):
    """Fifteen tags: tag-00 on 15 practices, tag-01 on 14, … tag-14 on one."""
    practices = [PracticeFactory(slug=f"tagged-{i}", countries=[world.morocco]) for i in range(15)]
    for n in range(15):
        for practice in practices[: 15 - n]:
            practice.tags.add(f"tag-{n:02d}")
    return practices


def test_a_long_facet_shows_its_most_used_choices_and_every_chosen_one(client, many_tags):
    response = client.get("/practices/?tag=tag-14&country=morocco")
    shown = dict(checkboxes(response, "tag"))
    # The ten most used tags of Morocco's practices, and the rare one chosen.
    assert len(shown) == 11
    assert {f"tag-{n:02d}" for n in range(10)} <= shown.keys()
    assert shown["tag-14"] == " checked"
    total = int(re.search(r"Show all (\d+) choices", response.content.decode()).group(1))
    assert total > 15


def test_show_all_link_lists_every_choice_and_keeps_the_filters(client, many_tags):
    html = client.get("/practices/?tag=tag-14&country=morocco").content.decode()
    link, total = re.search(r'class="facet-more"><a href="([^"]+)">Show all (\d+)', html).groups()
    link = link.replace("&amp;", "&")
    assert link.endswith("#facet-tag")
    expanded = client.get("/practices/" + link.split("#")[0])
    shown = dict(checkboxes(expanded, "tag"))
    assert len(shown) == int(total)
    assert shown["tag-14"] == " checked"
    assert dict(checkboxes(expanded, "country"))["morocco"] == " checked"
    page = expanded.content.decode()
    assert "Show the most used only" in page
    # Applying the filters again keeps the long list open.
    assert '<input type="hidden" name="more" value="tag">' in page
    # Showing more choices changes no result.
    assert titles(expanded) == titles(client.get("/practices/?tag=tag-14&country=morocco"))


def test_an_unknown_facet_to_expand_is_ignored(client, world):
    response = client.get("/practices/?more=nonsense&more=%00&more=tag")
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_the_workshop_listing_filter_panel_stays_small(client, db):
    from django.core.management import call_command

    call_command("load_workshop", verbosity=0)
    response = client.get("/practices/")
    html = response.content.decode()
    # Was 176 checkboxes (109 of them tags) and 80 KB of HTML.
    assert html.count('type="checkbox"') <= 70
    assert len(checkboxes(response, "tag")) == 10
    assert len(response.content) < 55_000


@pytest.mark.parametrize(
    "address",
    ["/practices/?country=morocco&tag=training&year=abcd", "/countries/morocco/?tag=training"],
)
def test_the_filters_of_a_listing_are_validated_once_per_request(
    client, world, monkeypatch, address
):
    from django.forms import BaseForm

    from practices.browse.filters import FACETS

    validated = []
    full_clean = BaseForm.full_clean

    def counting(form):
        if set(form.fields) == {facet.name for facet in FACETS}:
            validated.append(form)
        return full_clean(form)

    monkeypatch.setattr(BaseForm, "full_clean", counting)
    response = client.get(address)
    assert response.status_code == 200
    assert len(validated) == 1  # was 14: once more for each facet's counts
