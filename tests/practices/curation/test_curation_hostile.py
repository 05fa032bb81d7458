"""Hostile input on every parameter and field of the curation pages: never a 5xx.

The review queue's filters and the tag rename answered 500 to a NUL byte (PostgreSQL refuses
NUL in a query) and to a `%` (a tag name with nothing to make its address from). Each page
here gets a corpus of hostile values in each of its parameters, path parts and form fields, as
a coordinator: the answer is a 4xx (or a page that names what it did not understand), and what
was typed in a text box comes back in it.
"""

import pytest
from django.test import Client
from django.utils.html import escape
from taggit.models import Tag

from practices import workflow
from practices.models import Practice, PracticeRevision
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

Status = Practice.Status
ALL_CHECKS = list(workflow.CHECKLIST)

HOSTILE = [
    "\x00",
    "a\x00b",
    "%",
    "%FF%FE",  # as typed; undecoded invalid UTF-8 is sent raw further down
    "x" * 10_000,
    "-1",
    "99999999999999999999",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "Ωmega مرحبا",
    "",
    "unknown-value",
]


@pytest.fixture
def client(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.fixture
def scene(member, coordinator, make_practice):
    country = CountryFactory(slug="brazil-h3", name="Brazilia")
    submitted = make_practice(Status.SUBMITTED, slug="hostile-submitted", countries=[country])
    published = make_practice(Status.PUBLISHED, slug="hostile-published", tags=["training"])
    workflow.admin_saved(practice=published, actor=coordinator, created=True)
    published.refresh_from_db()
    revision = workflow.propose_revision(
        practice=published, actor=member,
        snapshot={"body": "Changed.", "tag_names": ["training"], "tags": ["training"]},
        lock_version=published.lock_version,
    )  # fmt: skip
    return {"submitted": submitted, "published": published, "revision": revision}


def assert_no_server_error(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("name", ["kind", "objective", "country", "page", "unknown"])
def test_queue_filters_never_fail(client, scene, name, value):
    response = client.get("/curation/", {name: value})
    assert_no_server_error(response, f"{name}={value[:20]!r}")
    if name in ("kind", "objective", "country") and value not in ("", "unknown-value"):
        assert response.status_code == 400
        assert "were not understood" in response.content.decode()


def test_a_nul_byte_in_the_queue_filter_is_named_and_the_rest_still_works(client, scene):
    response = client.get("/curation/", {"objective": "capacity\x00", "kind": "submission"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is no objective “capacity”" in html
    assert "\x00" not in html
    assert scene["submitted"].title in html  # the valid filter (kind) still applies


def test_queue_filters_still_filter(client, scene):
    html = client.get("/curation/", {"country": "brazil-h3"}).content.decode()
    assert scene["submitted"].title in html
    assert "Changed." not in html


def test_many_repeats_of_a_filter_do_not_fail(client, scene):
    response = client.get("/curation/?" + "&".join(["objective=%00"] * 500))
    assert response.status_code == 400


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_tag_rename_never_fails_and_keeps_the_typed_name(client, scene, value):
    tag = Tag.objects.get(name="training")
    response = client.post(f"/curation/tags/{tag.pk}/rename/", {"name": value})
    assert_no_server_error(response, repr(value[:20]))
    tag.refresh_from_db()
    if response.status_code != 302:
        assert tag.name == "training"
        html = response.content.decode()
        assert 'role="alert"' in html
        shown = value.replace("\x00", "")
        if value and "\x00" not in value and len(value) < 200:
            # The refused name is back in its box, escaped.
            assert f'value="{escape(shown)}"' in html


def test_a_percent_sign_as_a_tag_name_is_refused_with_a_reason(client, scene):
    tag = Tag.objects.get(name="training")
    response = client.post(f"/curation/tags/{tag.pk}/rename/", {"name": "%"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "has no letter or digit" in html
    assert 'value="%"' in html


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_tag_merge_never_fails(client, scene, value):
    for data in ({"into": value, "sources": ["training"]}, {"into": "training", "sources": value}):
        assert_no_server_error(client.post("/curation/tags/merge/", data), repr(data)[:40])


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("field", ["decision", "comment", "checks", "visibility"])
def test_decisions_never_fail_and_keep_the_comment(client, scene, field, value):
    targets = [
        f"/curation/practices/{scene['submitted'].slug}/decide/",
        f"/curation/revisions/{scene['revision'].pk}/decide/",
    ]
    for url in targets:
        data = {"decision": "request_changes", "comment": "Please shorten it.", "checks": []}
        data[field] = value
        response = client.post(url, data)
        assert_no_server_error(response, f"{url} {field}={value[:20]!r}")
        if response.status_code == 400 and field != "comment":
            assert "Please shorten it." in response.content.decode()
        if response.status_code == 302:
            # A decision was taken: start the next round from a fresh submission.
            Practice.objects.filter(pk=scene["submitted"].pk).update(status=Status.SUBMITTED)
            PracticeRevision.objects.filter(pk=scene["revision"].pk).update(
                status="pending", decided_at=None, reviewer_comment=""
            )


def test_a_comment_with_a_nul_byte_is_refused_and_kept(client, scene):
    url = f"/curation/practices/{scene['submitted'].slug}/decide/"
    response = client.post(url, {"decision": "request_changes", "comment": "Shorter\x00 please"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Null characters are not allowed" in html
    assert "Shorter" in html


def test_a_ten_thousand_character_comment_is_refused_with_the_limit(client, scene):
    url = f"/curation/practices/{scene['submitted'].slug}/decide/"
    response = client.post(url, {"decision": "request_changes", "comment": "word " * 2000})
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_archive_comment_never_fails(client, scene, value):
    response = client.post(
        f"/curation/practices/{scene['published'].slug}/archive/", {"comment": value}
    )
    assert_no_server_error(response, repr(value[:20]))


PATHS = [
    "/curation/practices/{slug}/",
    "/curation/practices/{slug}/versions/",
    "/curation/practices/hostile-published/versions/{number}/",
    "/curation/revisions/{number}/",
]
POST_PATHS = [
    "/curation/practices/{slug}/decide/",
    "/curation/practices/{slug}/archive/",
    "/curation/practices/{slug}/feature/",
    "/curation/practices/{slug}/unfeature/",
    "/curation/practices/hostile-published/versions/{number}/restore/",
    "/curation/revisions/{number}/decide/",
    "/curation/tags/{number}/rename/",
]
PATH_VALUES = ["%00", "%FF%FE", "-1", "99999999999999999999", "x" * 300, "%25", "..%2F..%2Fetc"]


@pytest.mark.parametrize("value", PATH_VALUES, ids=range(len(PATH_VALUES)))
def test_hostile_path_parts_answer_404(client, scene, value):
    for template in PATHS:
        url = template.format(slug=value, number=value)
        assert_no_server_error(client.get(url), url[:80])
    for template in POST_PATHS:
        url = template.format(slug=value, number=value)
        assert_no_server_error(client.post(url, {"name": "x"}), url[:80])


RAW = ["%00", "%FF%FE", "%C0%AF", "%", "%%", "%E2%82"]  # as they arrive, undecoded


@pytest.mark.parametrize("raw", RAW, ids=range(len(RAW)))
def test_raw_invalid_utf8_in_queue_filters_and_forms(client, scene, raw):
    for name in ("kind", "objective", "country"):
        assert_no_server_error(client.get(f"/curation/?{name}={raw}"), f"{name}={raw}")
    tag = Tag.objects.get(name="training")
    form = "application/x-www-form-urlencoded"
    posts = {
        f"/curation/tags/{tag.pk}/rename/": f"name={raw}",
        "/curation/tags/merge/": f"into={raw}&sources={raw}",
        f"/curation/practices/{scene['submitted'].slug}/decide/": (
            f"decision=request_changes&comment=Keep+this{raw}&checks={raw}&visibility={raw}"
        ),
        f"/curation/revisions/{scene['revision'].pk}/decide/": f"decision={raw}&comment={raw}",
        f"/curation/practices/{scene['published'].slug}/archive/": f"comment={raw}",
    }
    for url, body in posts.items():
        response = client.post(url, data=body.encode(), content_type=form)
        assert_no_server_error(response, f"{url} {body}")
