"""The pages practices.browse serves: home, objectives, countries, events, tags, a practice,
the exports, the feed and the sitemap: status, content, 404s, queries that do not grow."""

import pytest
from django.db import connection

from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_home_shows_objectives_with_counts_recent_practices_and_countries(client, world):
    html = text(client.get("/"))
    assert "The six GLO.ACT objectives" in html
    assert "Capacity building" in html
    assert "WhatsApp groups keep trainees connected" in html
    assert 'href="/countries/morocco/"' in html
    assert "Search 3 practices" in html


def test_home_without_any_practice_has_a_helpful_empty_state(client, db):
    html = text(client.get("/"))
    assert "No practice has been published yet." in html


def test_objective_list_and_detail(client, world):
    html = text(client.get("/objectives/"))
    for _, _, _, title in [(1, 0, 0, "Strategy and policy development"),
                           (6, 0, 0, "Assistance and support to children")]:  # fmt: skip
        assert title in html
    detail = client.get("/objectives/capacity-building/")
    assert detail.status_code == 200
    assert "WhatsApp groups keep trainees connected" in text(detail)
    assert "A national action plan" not in text(detail)
    assert "Session 3: Capacity building" in text(detail)


def test_objective_page_filters_further_within_the_objective(client, world):
    response = client.get("/objectives/children/?country=brazil")
    assert "Care for unaccompanied minors" not in text(response)
    assert "No practice matches" in text(response)


def test_practice_page_links_countries_objectives_session_and_tags(client, world):
    html = text(client.get("/practices/whatsapp-groups/"))
    assert "WhatsApp groups keep trainees connected" in html
    assert 'href="/countries/morocco/"' in html
    assert 'href="/objectives/capacity-building/"' in html
    assert 'href="/tags/whatsapp-group/"' in html
    assert "Mr. Said Ftena" in html
    assert "Session 3: Capacity building" in html
    # Related: the minors practice shares Morocco and the tag "training".
    assert "Care for unaccompanied minors" in html


def test_practice_body_markdown_is_rendered_and_sanitised(client, world):
    world.plan.body = "**Bold** idea.\n\n<script>alert('x')</script> [link](javascript:alert(1))"
    world.plan.save()
    html = text(client.get("/practices/national-action-plan/"))
    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_unpublished_practice_page_is_404(client, world):
    PracticeFactory(slug="draft-one", status=Practice.Status.DRAFT, published_at=None)
    assert client.get("/practices/draft-one/").status_code == 404
    assert client.get("/practices/does-not-exist/").status_code == 404


def test_country_pages(client, world):
    html = text(client.get("/countries/"))
    assert "Africa" in html and "Latin America" in html
    assert "GLO.ACT 2015–2019" in html
    assert "Egypt" in html
    detail = text(client.get("/countries/morocco/"))
    assert "WhatsApp groups keep trainees connected" in detail
    assert "A nation-wide network of prosecutors" in detail
    assert "A national action plan" not in detail
    assert client.get("/countries/atlantis/").status_code == 404


def test_event_pages_show_sessions_moderators_presenters_and_practices(client, world):
    assert "Community of Practice Workshop" in text(client.get("/events/"))
    html = text(client.get("/events/vienna-2019/"))
    assert "Session 3: Capacity building" in html
    assert "Ms. Moderator" in html
    assert "Mr. Said Ftena" in html
    assert "WhatsApp groups keep trainees connected" in html
    assert client.get("/events/nowhere/").status_code == 404


def test_tag_pages(client, world):
    html = text(client.get("/tags/"))
    assert 'href="/tags/training/"' in html
    detail = text(client.get("/tags/training/"))
    assert "Care for unaccompanied minors" in detail
    assert "A national action plan" not in detail
    assert client.get("/tags/nothing-here/").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/", "/objectives/", "/objectives/capacity-building/", "/countries/",
     "/countries/morocco/", "/events/", "/events/vienna-2019/", "/tags/", "/tags/training/",
     "/practices/whatsapp-groups/", "/practices/export.csv", "/feeds/practices/"],
)  # fmt: skip
def test_every_page_runs_a_constant_number_of_queries(
    client, world, url, django_assert_max_num_queries
):
    from tests.factories import PracticeFactory

    capacity = world.objectives["capacity-building"]

    def grow(to):
        for i in range(Practice.objects.count(), to):
            PracticeFactory(objectives=[capacity], countries=[world.morocco],
                            tags=["training"], source_session=world.session,
                            source_event=world.event, slug=f"grown-{i}")  # fmt: skip

    grow(10)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    grow(100)
    with django_assert_max_num_queries(12) as large:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    if url != "/practices/export.csv":  # exports fetch related rows per chunk of 500
        assert len(large.captured_queries) == len(small.captured_queries), connection.vendor


def test_exports_match_the_listing(client, world):
    import csv
    import io
    import json

    response = client.get("/practices/export.csv?tag=training")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["Title"] for r in rows} == {"WhatsApp groups keep trainees connected",
                                         "Care for unaccompanied minors"}  # fmt: skip
    assert rows[0]["Link"].startswith("http://testserver/practices/")
    data = json.loads(client.get("/practices/export.json?tag=training").content)
    assert data["count"] == 2
    assert {p["title"] for p in data["practices"]} == {r["Title"] for r in rows}


def test_csv_keeps_non_latin_text_and_defuses_formulas(client, world):
    world.plan.title = '=HYPERLINK("x") Национальный план — خطة'
    world.plan.save()
    response = client.get("/practices/export.csv?country=brazil")
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in raw.decode("utf-8-sig")
    assert "Национальный план — خطة" in raw.decode("utf-8-sig")


def test_feed_lists_published_practices_with_filters(client, world):
    body = client.get("/feeds/practices/?country=brazil").content.decode()
    assert "<feed" in body
    assert "A national action plan that survives elections" in body
    assert "WhatsApp" not in body


def test_sitemap_lists_public_pages_only(client, world):
    PracticeFactory(slug="members-only", visibility=Practice.Visibility.MEMBERS)
    body = client.get("/sitemap.xml").content.decode()
    assert "/practices/whatsapp-groups/" in body
    assert "/countries/morocco/" in body
    assert "/practices/members-only/" not in body
