"""Members contribute: the practice form, its safeguards, "My practices", and who sees what."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from practices import search, workflow
from practices.models import Practice
from tests.factories import CountryFactory, UserFactory
from tests.practices.conftest import form_data

pytestmark = pytest.mark.django_db

Status = Practice.Status


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- The form -------------------------------------------------------------------------------


def test_member_sees_a_structured_form(member, objective, published):
    published.tags.set(["whatsapp group"])
    response = signed_in(member).get("/practices/new/")
    html = response.content.decode()
    assert response.status_code == 200
    for legend in ["The practice", "What happened", "Where and what for", "Source and contact"]:
        assert f"<legend>{legend}</legend>" in html
    for label in ["The problem it addressed", "What was done", "Results and evidence",
                  "Lessons and challenges", "How another country could adapt it"]:  # fmt: skip
        assert label in html
    assert "3. Capacity building" in html  # objectives show number and label
    assert '<datalist id="tag-suggestions"><option value="whatsapp group">' in html
    assert 'list="tag-suggestions"' in html
    for button in ["Preview", "Save draft", "Submit for review"]:
        assert f">{button}</button>" in html


def test_save_draft_creates_a_private_draft_with_tidy_tags(member, objective):
    client = signed_in(member)
    response = client.post("/practices/new/", form_data())
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response.url == f"/practices/{practice.slug}/edit/"
    assert practice.status == Status.DRAFT
    assert practice.author == member
    assert practice.slug == "joint-training-of-judges-and-prosecutors"
    assert sorted(t.name for t in practice.tags.all()) == ["judges", "training"]
    assert [o.slug for o in practice.objectives.all()] == ["capacity-building"]
    assert practice.versions.count() == 1


def test_same_title_gets_its_own_slug(member, objective):
    client = signed_in(member)
    client.post("/practices/new/", form_data())
    client.post("/practices/new/", form_data())
    assert sorted(Practice.objects.values_list("slug", flat=True)) == [
        "joint-training-of-judges-and-prosecutors",
        "joint-training-of-judges-and-prosecutors-2",
    ]


def test_submit_for_review_from_the_form(member, coordinator, objective):
    response = signed_in(member).post("/practices/new/", form_data(action="submit"))
    practice = Practice.objects.get()
    assert response.status_code == 302 and response.url == practice.get_absolute_url()
    assert practice.status == Status.SUBMITTED
    assert coordinator.notifications.filter(kind="practice_submitted").exists()


def test_author_edits_own_draft(member, draft):
    client = signed_in(member)
    response = client.get(f"/practices/{draft.slug}/edit/")
    assert response.status_code == 200
    assert f'name="lock_version" value="{draft.lock_version}"' in response.content.decode()
    response = client.post(
        f"/practices/{draft.slug}/edit/",
        form_data(title="Draft about judges, revised", lock_version=draft.lock_version),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Draft about judges, revised"
    assert draft.slug == "draft-judges"  # the address stays


def test_invalid_form_links_each_error_to_its_field(member, objective):
    response = signed_in(member).post("/practices/new/", form_data(title="", objectives=None))
    html = response.content.decode()
    assert response.status_code == 400
    assert not Practice.objects.exists()
    assert 'id="id_title_error"' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Choose at least one objective." in html
    assert 'href="#id_title"' in html  # the summary links to the field


def test_preview_shows_sanitised_text_and_saves_nothing(member, objective):
    response = signed_in(member).post(
        "/practices/new/",
        form_data(action="preview", body="A **bold** step.\n\n<script>alert(1)</script>"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert 'id="preview-title"' in html
    assert html.index('id="preview-title"') < html.index('class="practice-form"')
    assert not Practice.objects.exists()


# --- Personal data: a warning, not a block -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Write to amina.victim@example.org for details.",
        "Her number is +216 71 123 456.",
        "Call 0612345678 after six.",
        "Passport no. AB1234567 was returned.",
        "passport number: X12345678",
    ],
)
def test_warning_when_text_looks_like_personal_data(member, objective, text):
    client = signed_in(member)
    response = client.post("/practices/new/", form_data(action="preview", body=text))
    assert "Check that this contains no personal data of victims." in response.content.decode()
    response = client.post("/practices/new/", form_data(body=text), follow=True)
    assert Practice.objects.count() == 1  # saved all the same
    assert "no personal data of victims" in response.content.decode()


@pytest.mark.parametrize(
    "text",
    ["The plan ran from 2015-2019 in 13 countries.", "Seen in 2018 2019 2020.", "Art. 5 of 2000."],
)
def test_no_warning_for_ordinary_numbers(member, objective, text):
    response = signed_in(member).post("/practices/new/", form_data(action="preview", body=text))
    assert "personal data" not in response.content.decode()


def test_contact_field_may_hold_an_address(member, objective):
    response = signed_in(member).post(
        "/practices/new/", form_data(action="preview", contact="office@ministry.gov.ma")
    )
    assert "personal data" not in response.content.decode()


# --- Concurrent edits -----------------------------------------------------------------------


def test_second_save_of_a_stale_form_is_refused_and_keeps_the_text(member, coordinator, draft):
    author, curator = signed_in(member), signed_in(coordinator)
    first = curator.get(f"/practices/{draft.slug}/edit/")
    second = author.get(f"/practices/{draft.slug}/edit/")
    assert first.status_code == second.status_code == 200
    loaded = draft.lock_version
    saved = curator.post(
        f"/practices/{draft.slug}/edit/",
        form_data(title="Draft about judges", body="The coordinator's tidy text.",
                  lock_version=loaded),
    )  # fmt: skip
    assert saved.status_code == 302
    refused = author.post(
        f"/practices/{draft.slug}/edit/",
        form_data(title="Draft about judges", body="What the author typed meanwhile.",
                  lock_version=loaded),
    )  # fmt: skip
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Someone saved this practice after you opened the form" in html
    assert "What the author typed meanwhile." in html
    assert f'href="/practices/{draft.slug}/"' in html  # the current version
    draft.refresh_from_db()
    assert draft.body == "The coordinator's tidy text."
    # The refused form now carries the current lock version: saving again is deliberate.
    assert f'name="lock_version" value="{draft.lock_version}"' in html


# --- Rate limit -----------------------------------------------------------------------------


def test_submissions_are_rate_limited_per_account(member, other_member, objective):
    client = signed_in(member)
    for n in range(workflow.SUBMISSIONS.limit):
        response = client.post("/practices/new/", form_data(title=f"Practice {n}", action="submit"))
        assert response.status_code == 302
    response = client.post("/practices/new/", form_data(title="One too many", action="submit"))
    assert response.status_code == 429
    assert 'value="One too many"' in response.content.decode()
    assert not Practice.objects.filter(title="One too many").exists()
    # Saving a draft is not a submission, and another member has their own allowance.
    assert client.post("/practices/new/", form_data(title="Kept")).status_code == 302
    other = signed_in(other_member)
    assert other.post("/practices/new/", form_data(action="submit")).status_code == 302


# --- A session that expired while writing ---------------------------------------------------


PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory


def sign_in_fields(username, password=PASSWORD):
    return {"sign_in-username": username, "sign_in-password": password}


def test_signed_out_post_gets_the_text_back_with_a_sign_in_box_and_stores_nothing(objective):
    from django.contrib.sessions.models import Session

    client = Client()
    long_text = "Every word kept. " * 800  # 13,600 characters
    for n in range(20):
        response = client.post(
            "/practices/new/", form_data(title=f"Written while signed out {n}", body=long_text)
        )
        html = response.content.decode()
        assert response.status_code == 403
        assert f'value="Written while signed out {n}"' in html
        assert long_text.strip() in html
        assert 'name="sign_in-username"' in html and 'name="sign_in-password"' in html
        assert ">Sign in and save</button>" in html
    # Nothing was written: no session row, no session cookie, no practice.
    assert Session.objects.count() == 0
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Practice.objects.exists()


def test_signing_in_from_the_form_saves_in_the_same_step(member, objective):
    client = Client()
    typed = form_data(title="Written while the session expired", body="Every word kept.")
    response = client.post("/practices/new/", {**typed, **sign_in_fields("MONA")})
    practice = Practice.objects.get()
    assert response.status_code == 302 and response.url == f"/practices/{practice.slug}/edit/"
    assert practice.author == member and practice.body == "Every word kept."
    assert client.get("/practices/mine/").status_code == 200  # signed in now


def test_signing_in_from_the_form_submits_when_submit_was_asked(member, coordinator, objective):
    client = Client()
    first = client.post("/practices/new/", form_data(action="submit"))
    assert ">Sign in and submit for review</button>" in first.content.decode()
    client.post("/practices/new/", {**form_data(action="submit"), **sign_in_fields("mona")})
    assert Practice.objects.get().status == Status.SUBMITTED


def test_signing_in_from_the_edit_form_saves_the_draft(member, draft):
    typed = form_data(title="Draft about judges", body="Kept.", lock_version=draft.lock_version)
    response = Client().post(f"/practices/{draft.slug}/edit/", typed)
    assert response.status_code == 403
    assert "Draft about judges" in response.content.decode()
    response = Client().post(f"/practices/{draft.slug}/edit/", {**typed, **sign_in_fields("mona")})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == "Kept."


def test_wrong_password_in_the_form_keeps_the_text_and_counts_as_a_failed_sign_in(
    member, objective
):
    from axes.models import AccessAttempt

    typed = form_data(title="Still here", body="Every word kept.")
    response = Client().post("/practices/new/", {**typed, **sign_in_fields("mona", "wrong")})
    html = response.content.decode()
    assert response.status_code == 403
    assert "do not match an account" in html
    assert 'value="Still here"' in html and "Every word kept." in html
    assert 'value="wrong"' not in html  # the password is never sent back
    assert AccessAttempt.objects.get().failures_since_start == 1
    assert not Practice.objects.exists()


def test_lockout_applies_to_the_sign_in_box_and_the_text_is_kept(member, objective):
    client = Client()
    typed = form_data(title="Still here", body="Every word kept.")
    for _ in range(5):
        client.post("/practices/new/", {**typed, **sign_in_fields("mona", "wrong")})
    response = client.post("/practices/new/", {**typed, **sign_in_fields("mona")})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many attempts to sign in" in html
    assert 'value="Still here"' in html and "Every word kept." in html
    assert not Practice.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_account_that_may_not_contribute_is_not_signed_in_from_the_form(objective):
    UserFactory(username="visitor")  # an account without the member role
    client = Client()
    response = client.post("/practices/new/", {**form_data(), **sign_in_fields("visitor")})
    assert response.status_code == 403
    assert "This account cannot contribute practices" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not Practice.objects.exists()


# --- My practices ---------------------------------------------------------------------------


def test_my_practices_lists_everything_i_wrote_with_its_status(member, make_practice):
    mine = [make_practice(status) for status in Status]
    someone_elses = make_practice(Status.PUBLISHED, author=None, title="Not mine at all")
    html = signed_in(member).get("/practices/mine/").content.decode()
    for practice in mine:
        assert practice.title in html
    assert someone_elses.title not in html
    for status in Status:
        assert f"status-{status.value}" in html
    draft = mine[0]
    assert f'href="/practices/{draft.slug}/edit/"' in html


# --- Hostile Markdown ------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    '<a href="java&#9;script:alert(1)">x</a>',
    '<a href=" &#14;javascript:alert(1)">x</a>',
    '<a href="javascript:alert(1)">x</a>',
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onmouseover="alert(1)">hover</div>',
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
    "![x](javascript:alert(1))",
    '<object data="javascript:alert(1)"></object>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
]


class _Markup(HTMLParser):
    """Every element and attribute of a page, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def assert_harmless(html):
    parsed = _Markup()
    parsed.feed(html)
    assert "<script" not in html.lower()
    assert not {"script", "iframe", "object", "embed", "style", "svg", "math"} & set(parsed.tags)
    for tag, name, value in parsed.attrs:
        assert not name.startswith("on"), (tag, name, value)
        # Browsers drop tabs and newlines inside a URL, and spaces around it.
        compact = value.replace("\t", "").replace("\n", "").replace("\r", "").strip().lower()
        assert not compact.startswith(("javascript:", "data:", "vbscript:")), (tag, name, value)
        assert name != "style" or "javascript" not in compact, (tag, name, value)


@pytest.mark.parametrize("payload", XSS)
def test_hostile_markdown_never_reaches_the_page_or_the_preview(
    payload, member, coordinator, objective
):
    typed = form_data(
        title=f"Practice {payload}"[:200],
        summary=f"Summary {payload}"[:400],
        body=f"Body\n\n{payload}\n\nend",
        problem=payload,
        results=payload,
        lessons=payload,
        adaptation=payload,
        contact=payload[:300],
        tags=payload[:90],
    )
    client = signed_in(member)
    preview = client.post("/practices/new/", {**typed, "action": "preview"})
    assert preview.status_code == 200
    assert_harmless(preview.content.decode())

    assert client.post("/practices/new/", {**typed, "action": "submit"}).status_code == 302
    practice = Practice.objects.get()
    workflow.publish(practice=practice, actor=coordinator, checklist=list(workflow.CHECKLIST))
    for page in [
        practice.get_absolute_url(),
        "/practices/",
        f"/curation/practices/{practice.slug}/",
    ]:
        reader = Client() if not page.startswith("/curation/") else signed_in(coordinator)
        response = reader.get(page)
        assert response.status_code == 200, page
        assert_harmless(response.content.decode())


# --- Visibility: only published practices are listed, for anyone ----------------------------


@pytest.fixture
def hidden_and_public(make_practice, world):
    """A public practice and, sharing its tag and country, one practice in each hidden state."""
    country = CountryFactory(name="Secretland", slug="secretland")
    public = make_practice(
        Status.PUBLISHED, title="Visible shelter practice", slug="visible-shelter",
        summary="Shelters zanzibarite everywhere.", tags=["shared-tag"], countries=[country],
    )  # fmt: skip
    hidden = {
        status: make_practice(
            status,
            title=f"Hidden {status} zanzibarite",
            slug=f"hidden-{status}",
            summary="Hidden zanzibarite summary.",
            tags=["shared-tag", f"only-{status}"],
            countries=[country],
        )
        for status in [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED,
                       Status.REJECTED, Status.ARCHIVED]
    }  # fmt: skip
    search.reindex()
    return public, hidden


@pytest.mark.parametrize("persona", ["anonymous", "member", "other_member", "coordinator", "admin"])
def test_unpublished_practices_are_never_listed(persona, client_as, hidden_and_public):
    public, hidden = hidden_and_public
    client = client_as(persona)
    pages = {
        "listing": "/practices/",
        "search": "/practices/?q=zanzibarite",
        "country facet": "/practices/?country=secretland",
        "tag page": "/tags/shared-tag/",
        "tags": "/tags/",
        "related": public.get_absolute_url(),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        for practice in hidden.values():
            assert practice.title not in html, (name, practice.status)
        if name == "tags":
            assert "only-draft" not in html and "only-rejected" not in html
    listing = client.get("/practices/?q=zanzibarite").content.decode()
    assert public.title in listing
    # The facet counts only the public practice.
    facets = client.get("/practices/").content.decode()
    assert 'value="secretland"' in facets
    assert 'Secretland</span> <span class="count">1<' in facets


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED,
                                    Status.CHANGES_REQUESTED, Status.ARCHIVED])  # fmt: skip
@pytest.mark.parametrize(
    "persona, code",
    [("anonymous", 404), ("member", 200), ("other_member", 404), ("coordinator", 200),
     ("admin", 200)],
)  # fmt: skip
def test_unpublished_practice_page_only_for_author_and_coordinators(
    status, persona, code, client_as, make_practice
):
    practice = make_practice(status)
    response = client_as(persona).get(practice.get_absolute_url())
    assert response.status_code == code
    if code == 200:
        assert practice.get_status_display() in response.content.decode()


def test_members_only_practice_is_for_members(make_practice):
    practice = make_practice(
        Status.PUBLISHED, title="Members-only insight", visibility=Practice.Visibility.MEMBERS
    )
    outsider = UserFactory(username="outsider")  # signed in, but not a member
    assert Client().get(practice.get_absolute_url()).status_code == 404
    assert signed_in(outsider).get(practice.get_absolute_url()).status_code == 404
    assert practice.title not in Client().get("/practices/").content.decode()
    assert practice.title not in signed_in(outsider).get("/practices/").content.decode()
    member = practice.author
    assert signed_in(member).get(practice.get_absolute_url()).status_code == 200
    assert practice.title in signed_in(member).get("/practices/").content.decode()


def test_author_sees_timeline_and_buttons_others_do_not(member, other_member, make_practice):
    practice = make_practice(Status.CHANGES_REQUESTED)
    practice.transitions.create(
        actor=None, action="changes_requested", from_status=Status.SUBMITTED,
        to_status=Status.CHANGES_REQUESTED, comment="Please name the courts involved.",
    )  # fmt: skip
    html = signed_in(member).get(practice.get_absolute_url()).content.decode()
    assert "Please name the courts involved." in html
    assert f'action="/practices/{practice.slug}/submit/"' in html
    assert f'href="/practices/{practice.slug}/edit/"' in html
    practice.status = Status.PUBLISHED
    practice.published_at = practice.created_at
    practice.save()
    html = signed_in(other_member).get(practice.get_absolute_url()).content.decode()
    assert "Please name the courts involved." not in html
    assert "/edit/" not in html
