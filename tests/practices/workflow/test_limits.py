"""Hostile input costs bounded work: the personal-data warning, Markdown, the word difference,
field lengths and the drafts limit. Work is counted, not timed, wherever it can be counted.
"""

import time

import pytest
from django.test import Client
from markdown import treeprocessors
from markdown.inlinepatterns import LinkInlineProcessor

from practices import workflow
from practices.markdown import render_markdown
from practices.models import Practice, PracticeRevision
from practices.personal_data import personal_data_found
from practices.workflow import limits, snapshots
from tests.practices.conftest import form_data

pytestmark = pytest.mark.django_db

Status = Practice.Status


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- The personal-data warning --------------------------------------------------------------

HOSTILE_TEXTS = [
    "passport" + " " * 1_500,  # 28 s before
    "a" * 60_000,  # 31 s before, then a 500 at the worker timeout
    "passport " * 6_000,
    "passport no" + " " * 20_000 + ":" + " " * 20_000,
    "1" + " " * 30_000 + "x" + "1 " * 15_000,
    "2015 " * 12_000 + "1",
    "a.b-c+d" * 8_000 + "@",
    "x@" + "a-" * 30_000,
    "(" * 30_000 + "1",
]


def test_personal_data_warning_takes_linear_time_on_hostile_text():
    # Regular expressions cannot count their steps: a generous ceiling on inputs that each
    # took about 30 s before (the whole list runs in about 0.1 s here).
    started = time.perf_counter()
    for text in HOSTILE_TEXTS:
        personal_data_found({"What was done": text})
    assert time.perf_counter() - started < 2


def test_personal_data_warning_names_the_field_and_quotes_the_match():
    found = personal_data_found(
        {
            "What was done": "Write to amina.victim@example.org for details.",
            "Results and evidence": "Her number is +216 71 123 456; passport no. AB1234567.",
            "Lessons and challenges": "The plan ran from 2015-2019 in 13 countries.",
        }
    )
    assert [(f.kind, f.field, f.quote) for f in found] == [
        ("email", "What was done", "amina.victim@example.org"),
        ("phone", "Results and evidence", "+216 71 123 456"),
        ("passport", "Results and evidence", "passport no. AB1234567"),
    ]
    assert str(found[0]) == "an e-mail address in “What was done”: “amina.victim@example.org”"


def test_personal_data_warning_stays_short_on_a_text_full_of_addresses():
    found = personal_data_found(
        {"What was done": " ".join(f"p{n}@example.org" for n in range(999))}
    )
    assert len(found) == 3
    assert all(len(f.quote) <= 60 for f in personal_data_found({"Body": "+1 " + "2 " * 9_000}))


def test_contribution_form_says_which_field_holds_personal_data(member, objective):
    client = signed_in(member)
    typed = form_data(
        action="preview",
        body="Write to amina.victim@example.org for details.",
        results="Call 0612345678 after six.",
    )
    html = client.post("/practices/new/", typed).content.decode()
    assert "Check that this contains no personal data of victims." in html
    assert "in “What was done”: “amina.victim@example.org”" in html
    assert "in “Results and evidence”: “0612345678”" in html
    # After saving, the message names them too.
    page = client.post("/practices/new/", {**typed, "action": "save"}, follow=True)
    assert "in “What was done”: “amina.victim@example.org”" in page.content.decode()


def test_review_pages_say_which_field_holds_personal_data(coordinator, make_practice, member):
    practice = make_practice(
        Status.SUBMITTED, slug="with-phone", body="Her number is +216 71 123 456."
    )
    curator = signed_in(coordinator)
    review = curator.get(f"/curation/practices/{practice.slug}/").content.decode()
    assert "in “What was done”: “+216 71 123 456”" in review

    published = make_practice(Status.PUBLISHED, slug="live", body="A clean text.")
    proposed = snapshots.take(published)
    proposed["lessons"] = "Ask amina.victim@example.org."
    workflow.propose_revision(
        practice=published, actor=member, snapshot=proposed, lock_version=published.lock_version
    )
    revision = PracticeRevision.objects.get(practice=published)
    page = curator.get(f"/curation/revisions/{revision.pk}/").content.decode()
    assert "in “Lessons and challenges”: “amina.victim@example.org”" in page


# --- Markdown -------------------------------------------------------------------------------


@pytest.fixture
def markdown_work(monkeypatch):
    """Counts what Python-Markdown reads looking for `]` and `)`, and what it copies per match."""
    work = {"read": 0, "copied": 0}
    get_text, get_link = LinkInlineProcessor.getText, LinkInlineProcessor.getLink
    apply_pattern = treeprocessors.InlineProcessor._InlineProcessor__applyPattern

    def counting_get_text(self, data, index):
        result = get_text(self, data, index)
        work["read"] += result[1] - index
        return result

    def counting_get_link(self, data, index):
        result = get_link(self, data, index)
        work["read"] += max(result[2] - index, 0)
        return result

    def counting_apply(self, pattern, data, pattern_index, start_index=0):
        work["copied"] += len(data)
        return apply_pattern(self, pattern, data, pattern_index, start_index)

    monkeypatch.setattr(LinkInlineProcessor, "getText", counting_get_text)
    monkeypatch.setattr(LinkInlineProcessor, "getLink", counting_get_link)
    monkeypatch.setattr(
        treeprocessors.InlineProcessor, "_InlineProcessor__applyPattern", counting_apply
    )
    return work


@pytest.mark.parametrize(
    "text",
    [
        "[" * 3_000,  # 4.6 s before
        "![" * 3_000,
        "[a][" * 3_000,
        "[a](" * 3_000,
        '[a](x "' * 2_000,
        "[" * 3_000 + "]" * 3_000,
        "\\*" * 7_500,
        "*a*" * 5_000,
    ],
)
def test_markdown_work_is_linear_in_the_text(markdown_work, text):
    html = render_markdown(text)
    assert html.startswith("<p>")
    assert markdown_work["read"] <= 10 * len(text) + 10_000
    assert markdown_work["copied"] <= 20 * len(text) + 100_000


def test_ordinary_markdown_renders_as_before():
    text = (
        'A [link](https://example.org "Its title") and **bold** words, see [1] and (2).\n\n'
        "- a list item with `code [x`\n- another\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    html = render_markdown(text)
    assert '<a href="https://example.org" title="Its title"' in html
    assert "<strong>bold</strong>" in html and "see [1] and (2)." in html
    assert "<li>a list item with <code>code [x</code></li>" in html
    assert "<table>" in html


def test_a_paragraph_too_costly_for_markdown_is_shown_as_plain_text():
    html = render_markdown("[" * 3_000 + " <script>alert(1)</script>\n\nA [link](https://a.org).")
    assert "[[[" in html and "&lt;script&gt;" in html and "<script" not in html
    assert '<a href="https://a.org"' in html  # the next paragraph is Markdown as usual


# --- The word difference --------------------------------------------------------------------


def _words(count, seed):
    import random

    pick = random.Random(seed)
    return " ".join(
        "".join(pick.choice("abcdefghij") for _ in range(pick.randint(2, 7))) for _ in range(count)
    )


@pytest.fixture
def token_work(monkeypatch):
    """Counts comparisons and hash look-ups of the tokens the difference works on."""
    work = {"steps": 0}

    class Token(str):
        __slots__ = ()

        def __eq__(self, other):
            work["steps"] += 1
            return str.__eq__(self, other)

        def __hash__(self):
            work["steps"] += 1
            return str.__hash__(self)

    class Splitter:
        def __init__(self, pattern):
            self.pattern = pattern

        def findall(self, text):
            return [Token(t) for t in self.pattern.findall(text)]

    monkeypatch.setattr(snapshots, "_TOKENS", Splitter(snapshots._TOKENS))
    if hasattr(snapshots, "_LINES"):
        monkeypatch.setattr(snapshots, "_LINES", Splitter(snapshots._LINES))
    return work


@pytest.mark.parametrize("changed_words", [3_000, 6_000])
def test_word_difference_does_bounded_work_and_says_when_a_change_is_too_large(
    token_work, changed_words
):
    old, new = _words(changed_words, 1), _words(changed_words, 2)
    html = snapshots.diff_html(old, new)
    # difflib made tens of millions of these (6.2 s at 3,000 words, growing with the square).
    assert token_work["steps"] <= 500_000
    assert "This change is too large to show word by word" in html
    assert "<del>" in html and "<ins>" in html


def test_word_difference_of_a_one_word_change_in_a_long_text(token_work):
    old = _words(2_500, 3)
    words = old.split()
    words[1_200] = "CHANGED"
    html = snapshots.diff_html(old, " ".join(words))
    assert html.count("<ins>") == 1 and "<ins>CHANGED</ins>" in html
    assert "too large" not in html
    assert token_work["steps"] <= 10 * (len(old) + 100)


def test_word_difference_marks_each_change():
    html = snapshots.diff_html("The original text of the shelters", "The changed text of shelters")
    assert html == "The <del>original</del><ins>changed</ins> text of<del> the</del> shelters"
    assert snapshots.diff_html("a <b>", "a <i>") == "a &lt;<del>b</del><ins>i</ins>&gt;"


# --- Review pages of stored hostile text ----------------------------------------------------


def test_review_pages_of_a_hostile_stored_text_do_bounded_work(
    coordinator, member, make_practice, markdown_work, token_work
):
    # Stored before the field limits (or typed in the admin): the review pages still answer.
    hostile = "[" * 3_000 + "\n\npassport" + " " * 1_500 + "\n\n" + "a" * 60_000
    make_practice(Status.SUBMITTED, slug="hostile", body=hostile, lessons="[" * 3_000)
    curator = signed_in(coordinator)
    assert curator.get("/curation/practices/hostile/").status_code == 200
    assert markdown_work["read"] <= 10 * len(hostile) + 100_000

    published = make_practice(Status.PUBLISHED, slug="live", body=_words(3_000, 1))
    proposed = snapshots.take(published)
    proposed["body"] = _words(3_000, 2)
    workflow.propose_revision(
        practice=published, actor=member, snapshot=proposed, lock_version=published.lock_version
    )
    revision = PracticeRevision.objects.get(practice=published)
    page = curator.get(f"/curation/revisions/{revision.pk}/").content.decode()
    assert "This change is too large to show word by word" in page
    assert token_work["steps"] <= 500_000


# --- Field lengths --------------------------------------------------------------------------

FIELD_LIMITS = {
    "title": 200,
    "summary": 400,
    "problem": 5_000,
    "body": 15_000,
    "results": 5_000,
    "lessons": 5_000,
    "adaptation": 5_000,
    "contact": 300,
    "tags": 1_000,
}


def test_every_text_field_of_the_practice_form_says_its_maximum(member, objective):
    html = signed_in(member).get("/practices/new/").content.decode()
    for name, limit in FIELD_LIMITS.items():
        tag = html[html.index(f'id="id_{name}"') - 400 : html.index(f'id="id_{name}"') + 200]
        # No maxlength: a browser would silently cut pasted text at the limit.
        assert "maxlength" not in tag, name
        helptext = html[html.index(f'id="id_{name}_helptext"') :]
        assert f"At most {limit:,} characters." in helptext[: helptext.index("</div>")], name


@pytest.mark.parametrize("name", sorted(FIELD_LIMITS))
def test_too_long_text_is_refused_with_a_clear_message_and_kept(member, objective, name):
    limit = FIELD_LIMITS[name]
    typed = ("word " * limit)[: limit + 1]
    response = signed_in(member).post("/practices/new/", form_data(**{name: typed}))
    html = response.content.decode()
    assert response.status_code == 400
    assert not Practice.objects.exists()
    assert (
        f"Shorten this to at most {limit} characters: it has {limit + 1}. Your text is still in "
        "the field." in html
    )
    assert typed.strip()[:2_000] in html  # what was typed is still in the field


def test_a_body_of_megabytes_is_refused(member, objective):
    response = signed_in(member).post("/practices/new/", form_data(body="x" * 2_500_000))
    assert response.status_code == 400
    assert not Practice.objects.exists()


# --- Drafts ---------------------------------------------------------------------------------


def test_new_drafts_are_limited_per_hour_and_keep_the_text(member, other_member, objective):
    client = signed_in(member)
    for n in range(workflow.DRAFTS.limit):
        assert client.post("/practices/new/", form_data(title=f"Draft {n}")).status_code == 302
    response = client.post("/practices/new/", form_data(title="One draft too many"))
    html = response.content.decode()
    assert response.status_code == 429
    assert f"You have started {workflow.DRAFTS.limit} practices in the last hour" in html
    assert 'value="One draft too many"' in html and "Three **joint** workshops" in html
    assert Practice.objects.filter(author=member).count() == workflow.DRAFTS.limit
    # Another member has their own allowance.
    assert signed_in(other_member).post("/practices/new/", form_data()).status_code == 302


def test_open_drafts_are_capped(member, make_practice, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OPEN_DRAFTS", 3)
    for n in range(3):
        make_practice(Status.DRAFT, slug=f"old-draft-{n}")
    make_practice(Status.SUBMITTED, slug="waiting")  # only drafts count
    response = signed_in(member).post("/practices/new/", form_data(title="A fourth draft"))
    assert response.status_code == 429
    assert "You have 3 drafts not yet submitted" in response.content.decode()
    assert 'value="A fourth draft"' in response.content.decode()
    assert not Practice.objects.filter(title="A fourth draft").exists()


def test_coordinators_start_practices_without_limit(coordinator, objective, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OPEN_DRAFTS", 0)
    client = signed_in(coordinator)
    for n in range(workflow.DRAFTS.limit + 1):
        assert client.post("/practices/new/", form_data(title=f"Draft {n}")).status_code == 302
