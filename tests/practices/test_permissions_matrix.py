"""Every contribution and curation view, for every persona: the status code each one gets.

Personas: anonymous, applicant (a pending application, no account yet), member (the author
of every practice here), another member, coordinator, admin. Signed-out visitors are sent to
sign in on member and coordinator pages, except where a page must not reveal that a practice
exists (404). Every state-changing URL refuses GET (405) and requires the CSRF token.
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from taggit.models import Tag

from practices import workflow
from practices.models import Practice, PracticeRevision
from tests.practices.conftest import form_data

pytestmark = pytest.mark.django_db

Status = Practice.Status
PERSONAS = ["anonymous", "applicant", "member", "other_member", "coordinator", "admin"]
LOGIN = "login"  # expected: a redirect to the sign-in page


@dataclass
class Case:
    method: str
    url: str  # formatted with the scene's attributes
    expected: dict  # persona -> status code, or LOGIN
    data: dict = field(default_factory=dict)
    changes_state: bool = False


def codes(anonymous, member, other_member, coordinator, admin):
    # An applicant has no account until a coordinator approves them: they get what anyone
    # signed out gets.
    applicant = anonymous
    values = [anonymous, applicant, member, other_member, coordinator, admin]
    return dict(zip(PERSONAS, values, strict=True))


MEMBER_PAGE = codes(LOGIN, 200, 200, 200, 200)
CURATION_PAGE = codes(LOGIN, 403, 403, 200, 200)
CURATION_ACTION = codes(LOGIN, 403, 403, 302, 302)

CASES = {
    # Contribution
    "new form": Case("get", "/practices/new/", MEMBER_PAGE),
    # Signed out, a save stores nothing: the form comes back with a sign-in box (403).
    "new save": Case("post", "/practices/new/", codes(403, 302, 302, 302, 302),
                     data=form_data(), changes_state=True),
    "my practices": Case("get", "/practices/mine/", MEMBER_PAGE),
    "edit draft form": Case("get", "/practices/{draft.slug}/edit/",
                            codes(LOGIN, 200, 404, 200, 200)),
    "edit draft save": Case("post", "/practices/{draft.slug}/edit/",
                            codes(403, 302, 404, 302, 302),
                            data=form_data(title="Draft about judges"), changes_state=True),
    "edit published form": Case("get", "/practices/{published.slug}/edit/",
                                codes(LOGIN, 200, 403, 200, 200)),
    "edit published save": Case("post", "/practices/{published.slug}/edit/",
                                codes(403, 302, 403, 302, 302),
                                data=form_data(title="Published, revised"), changes_state=True),
    "edit submitted form": Case("get", "/practices/{submitted.slug}/edit/",
                                codes(LOGIN, 403, 404, 200, 200)),
    "submit draft": Case("post", "/practices/{draft.slug}/submit/",
                         codes(LOGIN, 302, 404, 403, 403), changes_state=True),
    "submit published": Case("post", "/practices/{published.slug}/submit/",
                             codes(LOGIN, 409, 403, 403, 403), changes_state=True),
    # The practice page
    "draft page": Case("get", "/practices/{draft.slug}/", codes(404, 200, 404, 200, 200)),
    "submitted page": Case("get", "/practices/{submitted.slug}/", codes(404, 200, 404, 200, 200)),
    "rejected page": Case("get", "/practices/{rejected.slug}/", codes(404, 200, 404, 200, 200)),
    "published page": Case("get", "/practices/{published.slug}/", codes(200, 200, 200, 200, 200)),
    # Curation pages
    "queue": Case("get", "/curation/", CURATION_PAGE),
    "review": Case("get", "/curation/practices/{submitted.slug}/", CURATION_PAGE),
    "revision": Case("get", "/curation/revisions/{revision.pk}/", CURATION_PAGE),
    "versions": Case("get", "/curation/practices/{draft.slug}/versions/", CURATION_PAGE),
    "version": Case("get", "/curation/practices/{draft.slug}/versions/1/", CURATION_PAGE),
    "tags": Case("get", "/curation/tags/", CURATION_PAGE),
    # Curation decisions
    "publish": Case("post", "/curation/practices/{submitted.slug}/decide/", CURATION_ACTION,
                    data={"decision": "publish", "checks": list(workflow.CHECKLIST)},
                    changes_state=True),
    "request changes": Case("post", "/curation/practices/{submitted.slug}/decide/",
                            CURATION_ACTION, data={"decision": "request_changes", "comment": "x"},
                            changes_state=True),
    "reject": Case("post", "/curation/practices/{submitted.slug}/decide/", CURATION_ACTION,
                   data={"decision": "reject", "comment": "x"}, changes_state=True),
    "approve revision": Case("post", "/curation/revisions/{revision.pk}/decide/",
                             CURATION_ACTION,
                             data={"decision": "publish", "checks": list(workflow.CHECKLIST)},
                             changes_state=True),
    "reject revision": Case("post", "/curation/revisions/{revision.pk}/decide/",
                            CURATION_ACTION, data={"decision": "reject", "comment": "x"},
                            changes_state=True),
    "archive": Case("post", "/curation/practices/{published.slug}/archive/", CURATION_ACTION,
                    changes_state=True),
    "feature": Case("post", "/curation/practices/{published.slug}/feature/", CURATION_ACTION,
                    changes_state=True),
    "unfeature": Case("post", "/curation/practices/{published.slug}/unfeature/",
                      CURATION_ACTION, changes_state=True),
    "restore": Case("post", "/curation/practices/{draft.slug}/versions/1/restore/",
                    CURATION_ACTION, changes_state=True),
    "rename tag": Case("post", "/curation/tags/{tag.pk}/rename/", CURATION_ACTION,
                       data={"name": "renamed"}, changes_state=True),
    "merge tags": Case("post", "/curation/tags/merge/", CURATION_ACTION,
                       data={"into": "judges", "sources": ["training"]}, changes_state=True),
}  # fmt: skip


@dataclass
class Scene:
    draft: Practice
    submitted: Practice
    published: Practice
    rejected: Practice
    revision: PracticeRevision
    tag: object


@pytest.fixture
def scene(member, make_practice):
    draft = make_practice(Status.DRAFT, title="Draft about judges", slug="draft-judges",
                          tags=["training", "judges"])  # fmt: skip
    # Version 1 of the draft, for the version pages.
    workflow.admin_saved(practice=draft, actor=member, created=True)
    revised = make_practice(Status.PUBLISHED, title="Revised practice", slug="revised")
    revision = workflow.propose_revision(
        practice=revised, actor=member, snapshot={"body": "Proposed text."},
        lock_version=revised.lock_version,
    )  # fmt: skip
    return Scene(
        draft=draft,
        submitted=make_practice(Status.SUBMITTED, title="Submitted", slug="submitted"),
        published=make_practice(Status.PUBLISHED, title="Published", slug="published"),
        rejected=make_practice(Status.REJECTED, title="Rejected", slug="rejected"),
        revision=revision,
        tag=draft.tags.get(name="training"),
    )


def snapshot_of_everything():
    return (
        list(Practice.objects.order_by("pk").values_list(
            "status", "lock_version", "featured", "title", "body")),
        list(PracticeRevision.objects.order_by("pk").values_list("status", "snapshot")),
        sorted(Tag.objects.values_list("name", flat=True)),
    )  # fmt: skip


def request(client, case, scene):
    url = case.url.format(**vars(scene))
    data = dict(case.data)
    if url.endswith("/edit/"):  # the form as it was just loaded
        slug = url.split("/")[2]
        data["lock_version"] = Practice.objects.get(slug=slug).lock_version
    return getattr(client, case.method)(url, data) if case.method == "post" else client.get(url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(CASES))
def test_every_view_answers_each_persona_as_expected(name, persona, client_as, scene):
    case = CASES[name]
    client = client_as(persona)
    before = snapshot_of_everything()
    response = request(client, case, scene)
    expected = case.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, response.content[:500]
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
        assert "next=" in response.url
    else:
        assert response.status_code == expected, response.content.decode()[:1500]
    if case.changes_state and (expected == LOGIN or expected >= 400):
        assert snapshot_of_everything() == before, "a refused request changed something"


STATE_CHANGING = [name for name, case in CASES.items() if case.method == "post"]
POST_ONLY = [name for name in STATE_CHANGING if not CASES[name].url.endswith(("/edit/", "/new/"))]


@pytest.mark.parametrize("persona", ["member", "coordinator"])
@pytest.mark.parametrize("name", POST_ONLY)
def test_state_changing_urls_refuse_get(name, persona, client_as, scene):
    before = snapshot_of_everything()
    response = client_as(persona).get(CASES[name].url.format(**vars(scene)))
    assert response.status_code == 405
    assert snapshot_of_everything() == before


@pytest.mark.parametrize("name", STATE_CHANGING)
def test_state_changing_urls_require_the_csrf_token(name, client_as, scene):
    case = CASES[name]
    persona = "coordinator" if case.url.startswith("/curation/") else "member"
    client = client_as(persona, enforce_csrf_checks=True)
    before = snapshot_of_everything()
    response = request(client, case, scene)
    assert response.status_code == 403
    assert snapshot_of_everything() == before


def test_csrf_token_is_accepted_when_present(member, scene):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get(f"/practices/{scene.draft.slug}/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post(f"/practices/{scene.draft.slug}/submit/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    scene.draft.refresh_from_db()
    assert scene.draft.status == Status.SUBMITTED
