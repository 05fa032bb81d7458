"""Hostile values in every parameter of the account, notification and membership pages.

Each URL parameter, path segment and form field gets a corpus of values a probe sends (NUL,
"%", invalid UTF-8 percent-encoding, 10,000 characters, negative and huge numbers, unicode,
upper case, addresses of other hosts): the answer is never a server error, and a redirect never
leaves the site. Run it on PostgreSQL too: NUL and out-of-range numbers fail only there.
"""

from urllib.parse import quote, urlsplit

import pytest
from django.test import Client

from cop.members.models import Notification
from tests.factories import ApplicationFactory, NotificationFactory

HOSTILE = [
    "",
    " ",
    "\x00",
    "mona\x00",
    "%",
    "%00",
    "%FF",
    "%E2%82",
    "ÿ",
    "-1",
    "0",
    "-99999999999999999999",
    "9" * 30,
    "1.5",
    "x" * 10_000,
    "UPPER-CASE-SLUG",
    "a-long-slug-" * 40,
    "ünïcødé 名前 اسم",
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/account/\r\nSet-Cookie: x=1",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
]

# Raw query strings and path segments, sent as typed (invalid UTF-8 included).
RAW = ["%00", "%FF", "%", "%E2%82", "%25", "-1", "9" * 30, "%C0%AF", "x" * 10_000]


def _is_local(location):
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in {"http", "https"} and parts.netloc == "testserver"
    # A relative address stays on this site, unless a browser reads it as another host.
    return not location.startswith(("//", "/\\", "\\"))


def _check(client, method, url, what, **kwargs):
    try:
        response = getattr(client, method)(url, **kwargs)
    except Exception as exc:  # the test client re-raises the view's exception
        pytest.fail(f"{method.upper()} {url[:80]!r} with {what}: {exc!r}")
    assert response.status_code < 500, f"{method.upper()} {url[:80]!r} with {what}"
    if response.status_code in {301, 302, 303, 307, 308}:
        assert _is_local(response["Location"]), f"open redirect with {what}"
    return response


def _segment(value):
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@pytest.fixture
def clients(personas):
    def make(persona):
        client = Client()
        if personas[persona] is not None:
            client.force_login(personas[persona])
        return client

    return make


# Every page, with hostile values in its query string.
GET_PAGES = [
    ("anonymous", "/join/", ["email", "next"]),
    ("anonymous", "/join/thanks/", ["email"]),
    ("anonymous", "/accounts/sign-in/", ["next", "username"]),
    ("anonymous", "/accounts/password/reset/", ["email"]),
    ("anonymous", "/accounts/password/reset/sent/", ["next"]),
    ("anonymous", "/accounts/password/reset/done/", ["next"]),
    ("member", "/accounts/password/change/", ["next"]),
    ("member", "/accounts/password/change/done/", ["next"]),
    ("member", "/account/", ["next", "page"]),
    ("member", "/members/mona/", ["page"]),
    ("member", "/notifications/", ["page"]),
    ("coordinator", "/curation/applications/", ["status", "page"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona, url, params", GET_PAGES)
def test_hostile_query_values_never_give_a_server_error(clients, persona, url, params):
    client = clients(persona)
    for param in params:
        for value in HOSTILE:
            _check(client, "get", url, f"{param}={value[:20]!r}", data={param: value})
        for raw in RAW:
            _check(client, "get", f"{url}?{param}={raw}", f"{param}={raw[:20]}")


# Path segments.
PATHS = [
    ("member", "/members/{}/"),
    ("member", "/notifications/{}/read/"),
    ("coordinator", "/curation/applications/{}/"),
    ("coordinator", "/curation/applications/{}/approve/"),
    ("coordinator", "/curation/applications/{}/decline/"),
    ("anonymous", "/accounts/password/reset/{}/set-password/"),
    ("anonymous", "/accounts/password/reset/MQ/{}/"),
    ("anonymous", "/accounts/password/reset/{}/abc-123/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona, template", PATHS)
def test_hostile_path_segments_are_not_found_never_a_server_error(clients, persona, template):
    client = clients(persona)
    method = "post" if template.endswith(("/read/", "/approve/", "/decline/")) else "get"
    for value in HOSTILE:
        if value:
            _check(client, method, template.format(_segment(value)), repr(value[:20]))
    for raw in RAW:
        _check(client, method, template.format(raw), raw[:20])


@pytest.mark.django_db
def test_a_nul_byte_in_a_members_page_address_is_not_found(client_as):
    for segment in ["%00", "mona%00", "%FF", "%25"]:
        assert client_as("member").get(f"/members/{segment}/").status_code == 404


# Form fields, each in turn, the others valid.
@pytest.fixture
def application(db):
    return ApplicationFactory(email="target@example.org")


# Each form: (persona, address with {notification} and {application} ids, valid data).
FORMS = {
    "join": (
        "anonymous",
        "/join/",
        {
            "full_name": "Nadia Newcomer",
            "email": "nadia@example.org",
            "organisation": "Office of the Prosecutor",
            "role": "Prosecutor",
            "country": "",
            "country_other": "Atlantis",
            "motivation": "I prosecute trafficking cases.",
        },
    ),
    "sign-in": (
        "anonymous",
        "/accounts/sign-in/",
        {"username": "mona", "password": "x", "next": "/"},
    ),
    "password-reset": ("anonymous", "/accounts/password/reset/", {"email": "mona@example.org"}),
    "password-change": (
        "member",
        "/accounts/password/change/",
        {"old_password": "x", "new_password1": "y", "new_password2": "y"},
    ),
    "preferences": ("member", "/account/preferences/", {"email_preference": "daily"}),
    "notification-read": (
        "member",
        "/notifications/{notification}/read/",
        {"next": "/", "open": ""},
    ),
    "notifications-read-all": ("member", "/notifications/read-all/", {"next": "/"}),
    "sign-out": ("member", "/accounts/sign-out/", {"next": "/"}),
    "decline": (
        "coordinator",
        "/curation/applications/{application}/decline/",
        {"reason": "No.", "internal_note": ""},
    ),
    "approve": (
        "coordinator",
        "/curation/applications/{application}/approve/",
        {"message": "", "internal_note": ""},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS)
def test_hostile_form_fields_never_give_a_server_error(clients, member, application, form):
    note = NotificationFactory(recipient=member, url="/practices/")
    persona, url, valid = FORMS[form]
    url = url.format(notification=note.pk, application=application.pk)
    client = clients(persona)
    for field in valid:
        for n, value in enumerate(HOSTILE):
            if url.endswith("/sign-out/"):
                client = clients(persona)  # signed in again for the next try
            _check(
                client,
                "post",
                url,
                f"{field}={value[:20]!r}",
                data={**valid, field: value},
                REMOTE_ADDR=f"192.0.2.{n + 1}",
            )
        for raw in RAW:
            body = "&".join(f"{name}={quote(v)}" for name, v in valid.items() if name != field)
            if url.endswith("/sign-out/"):
                client = clients(persona)
            _check(
                client,
                "post",
                url,
                f"raw {field}={raw[:20]}",
                data=f"{body}&{field}={raw}",
                content_type="application/x-www-form-urlencoded",
                REMOTE_ADDR="192.0.2.200",
            )


@pytest.mark.django_db
def test_hostile_new_passwords_through_a_valid_reset_link_never_give_a_server_error(member):
    from cop.members.membership import set_password_link

    for field in ["new_password1", "new_password2"]:
        for value in HOSTILE:
            client = Client()
            path = "/" + set_password_link(member).split("/", 3)[3]
            form_url = client.get(path)["Location"]
            data = {"new_password1": "a good long passphrase", "new_password2": "x"}
            _check(client, "post", form_url, f"{field}={value[:20]!r}", data={**data, field: value})


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["next"])
def test_marking_a_notification_read_follows_only_paths_on_this_site(client_as, member, field):
    client = client_as("member")
    note = NotificationFactory(recipient=member)
    cases = {
        "-1": "/notifications/",
        "a-long-slug": "/notifications/",
        "UPPER": "/notifications/",
        "ünïcødé": "/notifications/",
        "%": "/notifications/",
        "https://evil.example/": "/notifications/",
        "//evil.example/": "/notifications/",
        "/\\evil.example": "/notifications/",
        "/practices/?q=ünï": "/practices/?q=%C3%BCn%C3%AF",
        "/account/": "/account/",
    }
    for value, expected in cases.items():
        response = client.post(f"/notifications/{note.pk}/read/", {field: value})
        assert response.status_code == 302, value
        assert response["Location"] == expected, value
    assert Notification.objects.get(pk=note.pk).is_read
