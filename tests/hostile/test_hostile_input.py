"""No hostile input makes the site fail: every URL, parameter and form field, with no 5xx.

For anonymous visitors, members and coordinators, every page of the URLconf (the Django admin
aside: Django's own, for staff) is requested with hostile path arguments (NUL, invalid UTF-8,
100,000 characters, negative and too-big numbers, path traversal, markup, "%", Greek and
right-to-left text, empty). Each parameter a page's own forms and links use (the listing's
filters, the queue's) gets NUL, invalid UTF-8, huge, negative and too-big values one at a time;
every value also goes into all those parameters at once, together with every parameter the
code reads anywhere (`q`, `sort`, `page`, `next`, …) and an unknown one; a parameter is sent 500
times. Every form a page renders is posted with each field NUL, invalid UTF-8 and huge in turn
(for each choice of its radio buttons and named buttons), then with the other values in every
field, an unknown field and a field 500 times. What a request writes is rolled back, so each
one meets the same world.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from taggit.models import Tag

from practices import workflow
from practices.api import tokens
from practices.api.models import ApiToken
from practices.models import Practice
from tests.factories import ApplicationFactory, NotificationFactory, PracticeFactory
from tests.hostile import sweep
from tests.hostile.sweep import HOSTILE, ONE_BY_ONE, POST_ONE_BY_ONE, UNKNOWN

pytestmark = pytest.mark.django_db

Status = Practice.Status
GENERIC_PARAMS = {"q", "sort", "page", "next", UNKNOWN}


@pytest.fixture
def targets(world, member, coordinator):
    """Real objects of every kind a URL names, in the order the sweep tries them."""
    objective = world.objectives["capacity-building"]

    def practice(status, slug, **fields):
        published = status in (Status.PUBLISHED, Status.ARCHIVED)
        return PracticeFactory(status=status, slug=slug, title=slug.replace("-", " ").title(),
                               author=member, objectives=[objective],
                               countries=[world.morocco], tags=["training", "judges"],
                               published_at=None if not published else world.training.published_at,
                               **fields)  # fmt: skip

    published = practice(Status.PUBLISHED, "published-by-mona")
    draft = practice(Status.DRAFT, "draft-by-mona")
    workflow.admin_saved(practice=draft, actor=member, created=True)  # version 1
    submitted = practice(Status.SUBMITTED, "submitted-by-mona")
    revision = workflow.propose_revision(
        practice=published, actor=member, snapshot={"body": "Proposed text."},
        lock_version=published.lock_version,
    )  # fmt: skip
    notification = NotificationFactory(recipient=member)
    application = ApplicationFactory(country=world.egypt)
    tag = Tag.objects.get(name="training")
    tokens.create_token(user=member, name="Ministry mirror")
    return {
        "practices": [published.slug, draft.slug, submitted.slug],
        "slug": [published.slug, draft.slug, submitted.slug, objective.slug, world.event.slug,
                 world.morocco.slug, tag.slug, world.theme.slug, world.morocco.region.slug,
                 world.morocco.phases.get().slug],
        "int": [notification.pk, application.pk, revision.pk, tag.pk, 1,
                *ApiToken.objects.filter(user=member).values_list("pk", flat=True)],
        "str": [member.username],
        "uidb64": [urlsafe_base64_encode(force_bytes(member.pk))],
        "token": [default_token_generator.make_token(member)],
    }  # fmt: skip


@pytest.fixture
def recorder():
    recorder = sweep.Recorder()
    yield recorder
    recorder.close()


def signed_in(django_user, **kwargs):
    from django.test import Client

    client = Client(raise_request_exception=False, **kwargs)
    if django_user is not None:
        client.force_login(django_user)
    return client


@pytest.fixture
def site_map(targets, member, coordinator, recorder):
    """Every route of the site with real path arguments."""
    routes = sweep.site_routes()
    clients = [signed_in(coordinator), signed_in(member)]
    practices = targets.pop("practices")  # each state shows other forms
    filled, missing = sweep.fill_routes(routes, targets, clients, recorder, practices)
    assert not missing, f"no object of the test world fits these routes: {missing}"
    return filled


def sweep_pages(client, site_map, recorder):
    # Every page gets the parameters any view reads; a page also gets those its own forms and
    # links use (the listing's filters, the queue's), and exports and feeds the FilterSet's.
    params_everywhere = GENERIC_PARAMS | sweep.params_read_by_the_code()
    params_of_data = params_everywhere | sweep.filterset_params()
    forms_done, refused = set(), set()
    for route, url, others in site_map.values():
        for converter, arg in route.args:
            for label, token in HOSTILE.items():
                # A value the path converter refuses never reaches a view: the resolver answers
                # 404 alike for every route, so one such request per converter is enough.
                if not route.accepts(arg, token):
                    if (converter, label) in refused:
                        continue
                    refused.add((converter, label))
                hostile_url = sweep.with_path_value(route, url, arg, token)
                response = recorder.send(client, "get", hostile_url, f"path {arg}: {label}")
                if response.status_code == 405:
                    recorder.send(client, "post", hostile_url, f"path {arg}: {label}")

        response = recorder.send(client, "get", url, "page")
        if response.status_code in (301, 302) and not is_sign_in(response["Location"]):
            url = response["Location"]  # e.g. a reset link leads to the new-password form
            response = recorder.send(client, "get", url, "page")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            if response.status_code == 200:
                # Exports and the feed take the listing's filters. (The API's parameters are
                # its OpenAPI description's: tests/api runs schemathesis over each of them.)
                own = params_of_data if route.name.startswith("practices:") else set()
                sweep_params(client, url, params_everywhere, recorder, own=own)
            continue
        forms, links = sweep.parse_page(response.content.decode())
        own = sweep.get_params(forms, links, url)
        sweep_params(client, url, params_everywhere, recorder, own=own)
        sweep_forms(client, url, forms, forms_done, recorder)
        for other in others:  # the same page for an object in another state
            response = recorder.send(client, "get", other, "page")
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                forms, _links = sweep.parse_page(response.content.decode())
                sweep_forms(client, other, forms, forms_done, recorder)


def is_sign_in(location):
    return urlsplit(location).path == resolve_url(settings.LOGIN_URL)


def sweep_forms(client, page_url, forms, forms_done, recorder):
    """Each form not yet swept (the same form of another object counts as the same)."""
    for form in forms:
        if form.method != "post":
            continue
        action = sweep.form_url(form, page_url)
        try:
            view = resolve(urlsplit(action).path).view_name
        except Resolver404:
            view = action
        key = (view, tuple(form.names()))
        if key not in forms_done:
            forms_done.add(key)
            sweep_form(client, action, form, recorder)


def sweep_params(client, url, params, recorder, own=()):
    """The page's own parameters one at a time; every parameter at once with each value."""
    for label in ONE_BY_ONE:
        for param in sorted(own):
            query = sweep.one(param, HOSTILE[label])
            recorder.send(client, "get", sweep.query_url(url, query), f"{param}: {label}")
    for label, token in HOSTILE.items():
        query = sweep.all_at_once(set(params) | set(own), token)
        recorder.send(client, "get", sweep.query_url(url, query), f"every parameter: {label}")
    for param in sorted(set(own) | {"page"}):
        recorder.send(client, "get", sweep.query_url(url, sweep.repeated(param)),
                      f"{param} {sweep.REPEATS} times")  # fmt: skip


def sweep_form(client, action, form, recorder):
    names = [n for n in form.names() if n != "csrfmiddlewaretoken"]
    for base in sweep.variants(form):
        what = f"form {sweep.encode(base)[:80]}"
        recorder.send(client, "post", action, what, sweep.encode(base))
        for name in names:
            kept = [(n, v) for n, v in base if n != sweep.quote_plus(name)]
            for label in POST_ONE_BY_ONE:
                body = sweep.encode([*kept, (sweep.quote_plus(name), HOSTILE[label])])
                recorder.send(client, "post", action, f"{what} {name}: {label}", body)
    # The other values in every field at once, an unknown field, and a field 500 times.
    base = sweep.baseline(form)
    what = f"form {sweep.encode(base)[:80]}"
    for label, token in HOSTILE.items():
        if label not in POST_ONE_BY_ONE:
            body = sweep.encode([(n, v if n == "csrfmiddlewaretoken" else token)
                                 for n, v in base])  # fmt: skip
            recorder.send(client, "post", action, f"{what} every field: {label}", body)
    extra = sweep.encode([*base, (UNKNOWN, HOSTILE["NUL"])])
    recorder.send(client, "post", action, f"{what} unknown field", extra)
    if names:
        repeats = "&".join([sweep.encode(base), sweep.repeated(names[0])])
        recorder.send(client, "post", action, f"{what} {names[0]} repeated", repeats)


@pytest.mark.parametrize("persona", ["anonymous", "member", "coordinator"])
def test_no_hostile_request_makes_the_site_fail(persona, site_map, recorder, request):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = signed_in(user)
    recorder.findings.clear()
    sweep_pages(client, site_map, recorder)
    assert recorder.count > 500, "the sweep sent fewer requests than the site has parameters"
    failures = "\n".join(sorted({str(f) for f in recorder.findings}))
    assert not recorder.findings, f"{len(recorder.findings)} requests answered 5xx:\n{failures}"


@pytest.mark.urls("tests.hostile.fragile_urls")
def test_the_sweep_reports_a_page_that_fails(recorder):
    client = signed_in(None)
    site_map = {r.name: (r, r.url({}), []) for r in sweep.site_routes() if r.name == "fragile"}
    sweep_pages(client, site_map, recorder)
    found = {finding.what for finding in recorder.findings}
    assert "every parameter: huge" in found
    assert "every parameter: script" in found
    assert any(what.endswith("title: huge") for what in found), found


def test_a_nul_in_the_tags_is_refused_with_a_message(member, world):
    client = signed_in(member)
    data = {
        "title": "Joint training of judges",
        "summary": "Judges and prosecutors trained together.",
        "kind": "good_practice",
        "focus": "both",
        "body": "Three joint workshops.",
        "objectives": ["capacity-building"],
        "tags": "training, jud\x00ges",
        "lock_version": "0",
        "action": "save",
    }
    response = client.post(reverse("practices:new"), data)
    assert response.status_code == 400  # the form again, with what was typed and why
    assert "Null characters are not allowed" in response.content.decode()
    assert not Practice.objects.filter(title="Joint training of judges").exists()
