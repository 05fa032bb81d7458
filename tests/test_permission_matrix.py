"""One persona matrix for the whole site: every URL name, every persona, the answer each gets.

The personas are those of tests/personas.py: anonymous, applicant (a pending application and
no account, so signed out), member (the author of every practice of the scene), another
member, coordinator, admin. A case is a URL name with its arguments, a method, and the answer
each persona gets: a status code, LOGIN (a redirect to the sign-in page that comes back here)
or `to(name)` (a redirect to that page). The site's pages are requested with the persona
signed in; the API (`api-v1:`) with a personal token of theirs, as it knows callers by their
token only. The Django admin's own pages are one rule: staff only (see `ADMIN_CASES`).

`test_every_url_name_is_in_the_matrix` fails when the URLconf names a URL that no case lists.
Every state change is also checked three ways: a refused request changes nothing, GET is
refused (405) where the URL takes POST only, and the CSRF token is required.

This module reads better whole: it is one table, and the tests that run it.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from taggit.models import Tag

from cop.models import MemberProfile, MembershipApplication, Notification
from practices import workflow
from practices.api.models import ApiToken
from practices.api.tokens import create_token
from practices.models import Practice, PracticeRevision
from tests.factories import NotificationFactory, PracticeFactory
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

Status = Practice.Status
LOGIN = "login"  # a redirect to the site's sign-in page, which comes back here
ADMIN_LOGIN = "admin login"  # a redirect to the admin's sign-in page, which comes back here
ADMITTED = "admitted"  # let in: an answer below 400 that is no sign-in redirect


@dataclass(frozen=True)
class To:
    """A redirect (302) to the page of that URL name."""

    name: str


to = To


def by(anonymous, member, other_member, coordinator, admin, *, applicant=None):
    """Answers per persona; an applicant has no account and gets what anyone signed out gets."""
    applicant = anonymous if applicant is None else applicant
    answers = [anonymous, applicant, member, other_member, coordinator, admin]
    return dict(zip(PERSONAS, answers, strict=True))


EVERYONE = by(200, 200, 200, 200, 200)
SIGNED_OUT_ONLY = by(200, to("accounts:account"), to("accounts:account"),
                     to("accounts:account"), to("accounts:account"))  # fmt: skip
SIGNED_IN_PAGE = by(LOGIN, 200, 200, 200, 200)
SIGNED_IN_ACTION = by(LOGIN, 302, 302, 302, 302)
MEMBER_PAGE = by(LOGIN, 200, 200, 200, 200)
CURATION_PAGE = by(LOGIN, 403, 403, 200, 200)
CURATION_ACTION = by(LOGIN, 403, 403, 302, 302)
HIDDEN_PRACTICE = by(404, 200, 404, 200, 200)  # a draft, a submission: its author and curators


@dataclass
class Case:
    name: str  # the URL name
    expected: dict  # persona -> answer
    kwargs: object = None  # scene -> the URL's arguments
    method: str = "get"
    data: dict = field(default_factory=dict)
    changes_state: bool = False
    api: bool = False  # requested with the persona's API token, not their session
    refuses_get: dict = None  # for a POST-only URL, the answer to GET (by default 405 for all)
    actor: str = None  # who makes the request in the CSRF test (by default: see acting_persona)

    def url(self, scene):
        return reverse(self.name, kwargs=self.kwargs(scene) if self.kwargs else None)


def slug_of(attr):
    return lambda scene: {"slug": getattr(scene, attr).slug}


def pk_of(attr):
    return lambda scene: {"pk": getattr(scene, attr).pk}


def post(name, expected, kwargs=None, **options):
    return Case(name, expected, kwargs, method="post", changes_state=True, **options)


def api(name, expected=EVERYONE, kwargs=None):
    return Case(f"api-v1:{name}", expected, kwargs, api=True)


def practice_form(**overrides):
    """What a member types into the practice form."""
    data = {
        "title": "Joint training of judges and prosecutors",
        "summary": "Judges and prosecutors trained together on trafficking cases.",
        "kind": "good_practice",
        "focus": "both",
        "problem": "Cases collapsed between police and court.",
        "body": "Three **joint** workshops in 2019.",
        "objectives": ["capacity-building"],
        "tags": "training, judges",
        "action": "save",
    }
    return {**data, **overrides}


PUBLISH = {"decision": "publish", "checks": list(workflow.CHECKLIST)}
APPLICANT_FORM = {
    "full_name": "Nadia Newcomer",
    "email": "nadia@example.org",
    "organisation": "Office of the Prosecutor",
    "role": "Senior prosecutor",
    "country": "",
    "country_other": "Atlantis",
    "motivation": "I prosecute trafficking cases and want to share what worked.",
}

CASES = {
    # The programme, countries and the public listing
    "home": Case("cop:home", EVERYONE),
    "objectives": Case("cop:objectives", EVERYONE),
    "objective": Case("cop:objective", EVERYONE, slug_of("objective")),
    "events": Case("cop:events", EVERYONE),
    "event": Case("cop:event", EVERYONE, slug_of("event")),
    "about": Case("cop:about", EVERYONE),
    "privacy": Case("cop:privacy", EVERYONE),
    "contact": Case("cop:contact", EVERYONE),
    "countries": Case("countries:list", EVERYONE),
    "country": Case("countries:detail", EVERYONE, slug_of("country")),
    "practices": Case("practices:list", EVERYONE),
    "export csv": Case("practices:export-csv", EVERYONE),
    "export json": Case("practices:export-json", EVERYONE),
    "feed": Case("practices:feed", EVERYONE),
    "tags": Case("practices:tags", EVERYONE),
    "tag": Case("practices:tag", EVERYONE, slug_of("public_tag")),
    "health": Case("health", EVERYONE),
    "sitemap": Case("django.contrib.sitemaps.views.sitemap", EVERYONE),
    # The practice page
    "draft page": Case("practices:detail", HIDDEN_PRACTICE, slug_of("draft")),
    "submitted page": Case("practices:detail", HIDDEN_PRACTICE, slug_of("submitted")),
    "rejected page": Case("practices:detail", HIDDEN_PRACTICE, slug_of("rejected")),
    "published page": Case("practices:detail", EVERYONE, slug_of("published")),
    # Contribution
    "new form": Case("practices:new", MEMBER_PAGE),
    # Signed out, a save stores nothing: the form comes back with a sign-in box (403).
    "new save": post("practices:new", by(403, 302, 302, 302, 302), data=practice_form()),
    "my practices": Case("practices:mine", MEMBER_PAGE),
    "edit draft form": Case("practices:edit", by(LOGIN, 200, 404, 200, 200), slug_of("draft")),
    "edit draft save": post("practices:edit", by(403, 302, 404, 302, 302), slug_of("draft"),
                            data=practice_form(title="Draft about judges")),
    "edit published form": Case("practices:edit", by(LOGIN, 200, 403, 200, 200),
                                slug_of("published")),
    "edit published save": post("practices:edit", by(403, 302, 403, 302, 302),
                                slug_of("published"),
                                data=practice_form(title="Published, revised")),
    "edit submitted form": Case("practices:edit", by(LOGIN, 403, 404, 200, 200),
                                slug_of("submitted")),
    "submit draft": post("practices:submit", by(LOGIN, 302, 404, 403, 403), slug_of("draft")),
    "submit published": post("practices:submit", by(LOGIN, 409, 403, 403, 403),
                             slug_of("published")),
    # Curation
    "queue": Case("curation:queue", CURATION_PAGE),
    "review": Case("curation:review", CURATION_PAGE, slug_of("submitted")),
    "revision": Case("curation:revision", CURATION_PAGE, pk_of("revision")),
    "versions": Case("curation:versions", CURATION_PAGE, slug_of("draft")),
    "version": Case("curation:version", CURATION_PAGE,
                    lambda s: {"slug": s.draft.slug, "number": 1}),
    "curation tags": Case("curation:tags", CURATION_PAGE),
    "publish": post("curation:decide", CURATION_ACTION, slug_of("submitted"), data=PUBLISH),
    "request changes": post("curation:decide", CURATION_ACTION, slug_of("submitted"),
                            data={"decision": "request_changes", "comment": "x"}),
    "reject": post("curation:decide", CURATION_ACTION, slug_of("submitted"),
                   data={"decision": "reject", "comment": "x"}),
    "approve revision": post("curation:revision_decide", CURATION_ACTION, pk_of("revision"),
                             data=PUBLISH),
    "reject revision": post("curation:revision_decide", CURATION_ACTION, pk_of("revision"),
                            data={"decision": "reject", "comment": "x"}),
    "archive": post("curation:archive", CURATION_ACTION, slug_of("published")),
    "feature": post("curation:feature", CURATION_ACTION, slug_of("published")),
    "unfeature": post("curation:unfeature", CURATION_ACTION, slug_of("published")),
    "restore": post("curation:restore", CURATION_ACTION,
                    lambda s: {"slug": s.draft.slug, "number": 1}),
    "rename tag": post("curation:tag_rename", CURATION_ACTION, pk_of("tag"),
                       data={"name": "renamed"}),
    "merge tags": post("curation:tag_merge", CURATION_ACTION,
                       data={"into": "judges", "sources": ["training"]}),
    # Joining, and the coordinators' decision
    "join form": Case("accounts:join", SIGNED_OUT_ONLY),
    "join": post("accounts:join", by(to("accounts:join_done"), to("accounts:account"),
                                     to("accounts:account"), to("accounts:account"),
                                     to("accounts:account")), data=APPLICANT_FORM,
                 actor="anonymous"),
    "joined": Case("accounts:join_done", EVERYONE),
    "applications": Case("curation:applications", CURATION_PAGE),
    "application": Case("curation:application", CURATION_PAGE, pk_of("application")),
    "approve application": post("curation:application_approve", CURATION_ACTION,
                                pk_of("application")),
    "decline application": post("curation:application_decline", CURATION_ACTION,
                                pk_of("application"), data={"reason": "Not a practitioner."}),
    # Accounts
    "sign-in form": Case("accounts:login", SIGNED_OUT_ONLY),
    "sign in": post("accounts:login", by(to("accounts:account"), to("accounts:account"),
                                         to("accounts:account"), to("accounts:account"),
                                         to("accounts:account")),
                    data={"username": "mona", "password": "correct horse battery staple"},
                    actor="anonymous"),
    "sign out": post("accounts:logout", by(302, 302, 302, 302, 302)),
    "password change form": Case("accounts:password_change", SIGNED_IN_PAGE),
    "password changed": Case("accounts:password_change_done", SIGNED_IN_PAGE),
    "password reset form": Case("accounts:password_reset", EVERYONE),
    "password reset": post("accounts:password_reset", by(to("accounts:password_reset_done"),
                                                         to("accounts:password_reset_done"),
                                                         to("accounts:password_reset_done"),
                                                         to("accounts:password_reset_done"),
                                                         to("accounts:password_reset_done")),
                           data={"email": "mona@example.org"}, actor="anonymous"),
    "password reset sent": Case("accounts:password_reset_done", EVERYONE),
    "password reset link": Case("accounts:password_reset_confirm", by(302, 302, 302, 302, 302),
                                lambda s: reset_link(s.member)),
    "password reset done": Case("accounts:password_reset_complete", EVERYONE),
    "account": Case("accounts:account", SIGNED_IN_PAGE),
    "preferences": post("accounts:preferences", SIGNED_IN_ACTION,
                        data={"email_preference": "daily"}),
    "member profile": Case("accounts:member", SIGNED_IN_PAGE,
                           lambda s: {"username": s.member.username}),
    "unknown member": Case("accounts:member", by(LOGIN, 404, 404, 404, 404),
                           lambda s: {"username": "nobody-here"}),
    "notifications": Case("accounts:notifications", SIGNED_IN_PAGE),
    "read all": post("accounts:notifications_read_all", SIGNED_IN_ACTION),
    # Another user's notification is not found, rather than forbidden: ids reveal nothing.
    "read one": post("accounts:notification_read", by(LOGIN, 302, 404, 404, 404),
                     pk_of("notification")),
    # API tokens: members create theirs; another member's token is not found
    "create token": post("api_tokens:create", by(LOGIN, 200, 200, 200, 200),
                         data={"name": "Ministry mirror"}),
    "revoke token": post("api_tokens:revoke", by(LOGIN, 302, 404, 404, 404), pk_of("token")),
    # The read API, with a token: what the site shows each persona
    "api docs": Case("api-docs", EVERYONE),
    "api root": api("api-root"),
    "api index": api("index"),
    "api openapi": api("openapi-json"),
    "api explorer": api("openapi-view"),
    "api practices": api("practice_list"),
    "api published": api("practice_detail", EVERYONE, slug_of("published")),
    "api draft": api("practice_detail", HIDDEN_PRACTICE, slug_of("draft")),
    "api submitted": api("practice_detail", HIDDEN_PRACTICE, slug_of("submitted")),
    "api rejected": api("practice_detail", HIDDEN_PRACTICE, slug_of("rejected")),
    "api objectives": api("objective_list"),
    "api objective": api("objective_detail", EVERYONE, slug_of("objective")),
    "api themes": api("theme_list"),
    "api theme": api("theme_detail", EVERYONE, slug_of("theme")),
    "api countries": api("country_list"),
    "api country": api("country_detail", EVERYONE, slug_of("country")),
    "api regions": api("region_list"),
    "api region": api("region_detail", EVERYONE, slug_of("region")),
    "api phases": api("phase_list"),
    "api phase": api("phase_detail", EVERYONE, slug_of("phase")),
    "api events": api("event_list"),
    "api event": api("event_detail", EVERYONE, slug_of("event")),
    "api tags": api("tag_list"),
    "api tag": api("tag_detail", EVERYONE, slug_of("public_tag")),
    # A tag only on a draft is not found: lists and tags show published practices only.
    "api draft tag": api("tag_detail", by(404, 404, 404, 404, 404), slug_of("draft_tag")),
    "api data package": api("datapackage"),
}  # fmt: skip


def url_names():
    """Every URL name of the URLconf, with its namespace."""

    def walk(resolver, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                yield from walk(entry, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}:{entry.name}" if namespace else entry.name

    return set(walk(get_resolver(), ""))


# --- The Django admin: Django's own pages, for staff only ---------------------------------

ADMIN_ONLY = by(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMITTED)
# What the admin answers the admin persona where it is no page: logs and task results are read
# only (no "add"), task results are not deleted by hand, and an object to view on the site, or
# an autocomplete without its parameters, is not found or refused.
READ_ONLY = ["api_apitoken", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog",
             "django_tasks_database_dbtaskresult", "practices_practicerevision",
             "practices_practicetransition", "practices_practiceversion"]  # fmt: skip
ADMIN_ANSWERS = {
    **{f"admin:{model}_add": 403 for model in READ_ONLY},
    "admin:django_tasks_database_dbtaskresult_delete": 403,
    "admin:autocomplete": 403,
    "admin:view_on_site": 404,
}


def admin_url_names():
    return sorted(name for name in url_names() if name.startswith("admin:"))


def _admin_kwargs(name, scene):
    """Arguments for an admin URL: an object of the model it names, where it takes one."""
    if name == "admin:app_list":
        return {"app_label": "practices"}
    if name == "admin:view_on_site":
        return {"content_type_id": "0", "object_id": "0"}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            kind = name.removeprefix(prefix)
            if kind in {"changelist", "add", "merge_tags"}:
                return {}
            obj = model.objects.order_by("pk").first()
            object_id = str(obj.pk) if obj is not None else "0"
            return {"id": object_id} if kind == "password_change" else {"object_id": object_id}
    return {}


ADMIN_LOGOUT = by(*[to("admin:index")] * 5)


def _admin_case(name):
    expected = {**ADMIN_ONLY, "admin": ADMIN_ANSWERS.get(name, ADMITTED)}
    return Case(name, expected, lambda scene: _admin_kwargs(name, scene))


ADMIN_CASES = {name: _admin_case(name) for name in admin_url_names()}
ADMIN_CASES |= {
    # Signing in is open to all; the admin's own sign-out sends whoever is not staff to the
    # admin's front page, and takes POST only from staff.
    "admin:login": Case("admin:login", by(200, 200, 200, 200, to("admin:index"))),
    "admin:logout": post("admin:logout", ADMIN_LOGOUT | {"admin": to("cop:home")},
                         refuses_get=ADMIN_LOGOUT | {"admin": 405}),
}  # fmt: skip


# --- The scene -----------------------------------------------------------------------------


@dataclass
class Scene:
    member: object
    objective: object
    event: object
    country: object
    region: object
    phase: object
    theme: object
    draft: Practice
    submitted: Practice
    published: Practice
    rejected: Practice
    revision: PracticeRevision
    tag: Tag  # on the draft and on public practices
    public_tag: Tag
    draft_tag: Tag  # on the draft only
    notification: Notification
    token: ApiToken
    application: MembershipApplication


@pytest.fixture
def scene(world, member, personas, applicant):
    objective = world.objectives["capacity-building"]

    def practice(status, slug, **fields):
        published = status in (Status.PUBLISHED, Status.ARCHIVED)
        return PracticeFactory(status=status, slug=slug, title=slug.replace("-", " ").title(),
                               author=member, objectives=[objective],
                               published_at=world.training.published_at if published else None,
                               **fields)  # fmt: skip

    draft = practice(Status.DRAFT, "draft-judges", tags=["training", "judges", "draft only"])
    # Version 1 of the draft, for the version pages.
    workflow.admin_saved(practice=draft, actor=member, created=True)
    revised = practice(Status.PUBLISHED, "revised")
    revision = workflow.propose_revision(
        practice=revised, actor=member, snapshot={"body": "Proposed text."},
        lock_version=revised.lock_version,
    )  # fmt: skip
    token, _raw = create_token(user=member, name="Ministry mirror")
    return Scene(
        member=member,
        objective=objective,
        event=world.event,
        country=world.morocco,
        region=world.morocco.region,
        phase=world.morocco.phases.get(),
        theme=world.theme,
        draft=draft,
        submitted=practice(Status.SUBMITTED, "submitted"),
        published=practice(Status.PUBLISHED, "published"),
        rejected=practice(Status.REJECTED, "rejected"),
        revision=revision,
        tag=Tag.objects.get(name="training"),
        public_tag=Tag.objects.get(name="training"),
        draft_tag=Tag.objects.get(name="draft only"),
        notification=NotificationFactory(recipient=member),
        token=token,
        application=applicant,
    )


def reset_link(user):
    """The arguments of the user's password reset link, as the e-mail gives it now (a link
    stops working once they sign in, so it is made when the request is)."""
    user.refresh_from_db()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {"uidb64": uid, "token": default_token_generator.make_token(user)}


@pytest.fixture(autouse=True)
def _data_package_apart(settings, tmp_path):
    settings.DATA_PACKAGE_PATH = tmp_path / "data" / "glo-act-data.zip"


def snapshot_of_everything():
    """What a refused request must leave as it was."""
    return (
        list(Practice.objects.order_by("pk").values_list(
            "status", "lock_version", "featured", "title", "body")),
        list(PracticeRevision.objects.order_by("pk").values_list("status", "snapshot")),
        sorted(Tag.objects.values_list("name", flat=True)),
        list(MembershipApplication.objects.order_by("pk").values_list("status", "email")),
        list(Notification.objects.order_by("pk").values_list("read_at", flat=True)),
        list(ApiToken.objects.order_by("pk").values_list("name", "revoked_at")),
        list(MemberProfile.objects.order_by("pk").values_list("email_preference", flat=True)),
    )  # fmt: skip


def request(client, case, scene):
    url = case.url(scene)
    if case.method == "get":
        return client.get(url)
    data = dict(case.data)
    if case.name == "practices:edit":  # the form as it was just loaded
        data["lock_version"] = Practice.objects.get(slug=case.kwargs(scene)["slug"]).lock_version
    return client.post(url, data)


def check(response, expected, url):
    body = response.content[:1500] if not response.streaming else b"(streamed)"
    if expected in (LOGIN, ADMIN_LOGIN):
        sign_in = resolve_url(settings.LOGIN_URL) if expected == LOGIN else reverse("admin:login")
        assert response.status_code == 302, body
        location = urlsplit(response["Location"])
        assert location.path == sign_in, response["Location"]
        assert parse_qs(location.query)["next"] == [url]
    elif expected == ADMITTED:
        assert response.status_code < 400, body
        if response.status_code == 302:
            assert urlsplit(response["Location"]).path != reverse("admin:login")
    elif isinstance(expected, To):
        assert response.status_code == 302, body
        assert response["Location"] == reverse(expected.name)
    else:
        assert response.status_code == expected, body
        if expected == 302:
            assert urlsplit(response["Location"]).path != resolve_url(settings.LOGIN_URL)


def refused(expected):
    return expected in (LOGIN, ADMIN_LOGIN) or (isinstance(expected, int) and expected >= 400)


ALL_CASES = {**CASES, **ADMIN_CASES}


@pytest.fixture
def client_for(client_as, api_as):
    def make(case, persona, **kwargs):
        return api_as(persona) if case.api else client_as(persona, **kwargs)

    return make


def answers_as_expected(case, persona, client_for, scene):
    client = client_for(case, persona)
    before = snapshot_of_everything()
    response = request(client, case, scene)
    expected = case.expected[persona]
    check(response, expected, case.url(scene))
    if case.changes_state and refused(expected):
        assert snapshot_of_everything() == before, "a refused request changed something"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("label", list(CASES))
def test_every_url_answers_each_persona_as_expected(label, persona, client_for, scene):
    answers_as_expected(CASES[label], persona, client_for, scene)


@pytest.mark.parametrize("label", list(ADMIN_CASES))
def test_every_admin_url_answers_each_persona_as_expected(label, client_for, scene):
    # One test per admin page, every persona in turn: 150 pages of one rule (staff only).
    case = ADMIN_CASES[label]
    for persona in PERSONAS:
        answers_as_expected(case, persona, client_for, scene)


# --- Every URL name is in the matrix ----------------------------------------------------------


def test_every_url_name_is_in_the_matrix():
    listed = {case.name for case in ALL_CASES.values()}
    assert url_names() - listed == set(), "URL names the persona matrix does not list"
    assert listed - url_names() == set(), "cases for URL names the site no longer has"


# --- State changes: POST only, with the CSRF token -----------------------------------------

STATE_CHANGING = [label for label, case in ALL_CASES.items() if case.changes_state]
# A URL that also shows a form (GET) is no POST-only URL.
WITH_A_FORM = {case.name for case in ALL_CASES.values() if case.method == "get"}
POST_ONLY = [label for label in STATE_CHANGING if ALL_CASES[label].name not in WITH_A_FORM]


def acting_persona(case):
    """A persona whose request reaches the view (the author first, then curators, then
    anyone): one the view neither sends to sign in nor refuses outright."""
    if case.actor:
        return case.actor
    for persona in ["member", "coordinator", "admin", "anonymous"]:
        if case.expected[persona] not in (LOGIN, ADMIN_LOGIN, 403, 404):
            return persona
    raise AssertionError("nobody may do this")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("label", POST_ONLY)
def test_state_changing_urls_refuse_get(label, persona, client_for, scene):
    case = ALL_CASES[label]
    before = snapshot_of_everything()
    url = case.url(scene)
    expected = (case.refuses_get or {}).get(persona, 405)
    check(client_for(case, persona).get(url), expected, url)
    assert snapshot_of_everything() == before


@pytest.mark.parametrize("label", STATE_CHANGING)
def test_state_changing_urls_require_the_csrf_token(label, client_for, scene):
    case = ALL_CASES[label]
    client = client_for(case, acting_persona(case), enforce_csrf_checks=True)
    before = snapshot_of_everything()
    response = request(client, case, scene)
    assert response.status_code == 403
    assert snapshot_of_everything() == before


def test_csrf_token_is_accepted_when_present(member, scene):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get(scene.draft.get_absolute_url())
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    submit = reverse("practices:submit", kwargs={"slug": scene.draft.slug})
    response = client.post(submit, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    scene.draft.refresh_from_db()
    assert scene.draft.status == Status.SUBMITTED


def test_the_api_answers_a_practice_as_its_page_does(client_as, api_as, scene):
    """The API and the site agree on who may open each practice."""
    for persona in PERSONAS:
        for practice in (scene.draft, scene.submitted, scene.published, scene.rejected):
            page = client_as(persona).get(practice.get_absolute_url())
            api_url = reverse("api-v1:practice_detail", kwargs={"slug": practice.slug})
            assert api_as(persona).get(api_url).status_code == page.status_code, persona
