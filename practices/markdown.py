"""Markdown for practice texts, always through the nh3 sanitiser.

Contributors write Markdown; whatever HTML they type (or Markdown produces) is cleaned against
an allow-list, so a practice can never carry a script, a style or an event handler onto the page.

Python-Markdown reads on to the end of a paragraph for the closing `]` of every `[` (and the `)`
of every link target), and copies the whole paragraph for every piece of inline markup it finds:
a paragraph of 3,000 `[` took 4.6 s. So each paragraph's cost is counted before rendering (in
linear time), and a paragraph that would cost more than a budget linear in its length is shown
as plain text, escaped, instead of being read as Markdown. Ordinary text never comes near it.
"""

import bisect
import re

import markdown as markdown_lib
import nh3
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown.inlinepatterns import BACKTICK_RE

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# Steps of bracket reading (a Python loop) allowed per character of a paragraph, plus a floor.
SCAN_STEPS_PER_CHAR = 8
SCAN_STEPS_BASE = 10_000
# Characters copied (pieces of inline markup × paragraph length) allowed per paragraph:
# about 50 ms of copying.
COPY_BUDGET = 20_000_000
# Text longer than this (three times the longest field of the practice form) is not parsed.
MAX_MARKDOWN_CHARS = 50_000

_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")
_CODE_SPAN = re.compile(BACKTICK_RE, re.DOTALL | re.UNICODE)  # as Python-Markdown reads it
_BRACKETS = re.compile(r"\\.|[\[\]()]", re.DOTALL)  # an escaped character, or a bracket
_QUOTES = re.compile(r"[\"']")
_MARKUP = re.compile(r"[\\`*_\[\]()<>&!\n]")  # where a piece of inline markup can start


def bracket_reading_steps(text):
    """How many characters Python-Markdown's link readers would go through in one paragraph.

    An upper bound, counted in linear time: each `[` reads to its `]` (or to the end when it
    has none), each link target `(` to its `)` (or to the end, and always when a quoted title
    may make it read past its `)`). Brackets in code spans are not brackets.
    """
    plain = _CODE_SPAN.sub(lambda m: " " * len(m.group()), text)
    end = len(text)
    pairs, stack, paren_stack, paren_close = [], [], [], {}
    for match in _BRACKETS.finditer(plain):
        char, at = match.group(), match.start()
        if char == "[":
            stack.append(at)
        elif char == "]" and stack:
            pairs.append((stack.pop(), at))
        elif char == "(":
            paren_stack.append(at)
        elif char == ")" and paren_stack:
            paren_close[paren_stack.pop()] = at
    quotes = [m.start() for m in _QUOTES.finditer(plain)]
    steps = sum(close - start for start, close in pairs) + sum(end - start for start in stack)
    for _start, close in pairs:
        target = close + 1
        if target in paren_close:
            first_quote = bisect.bisect_left(quotes, target)
            titled = first_quote < len(quotes) and quotes[first_quote] < paren_close[target]
            steps += end - target if titled else paren_close[target] - target
        elif target in paren_stack:
            steps += end - target
    return steps


def _too_costly(paragraph):
    size = len(paragraph)
    if len(_MARKUP.findall(paragraph)) * size > COPY_BUDGET:
        return True
    return bracket_reading_steps(paragraph) > SCAN_STEPS_PER_CHAR * size + SCAN_STEPS_BASE


def defuse(text):
    """The text, with each paragraph too costly to read as Markdown turned into plain text."""
    parts = _PARAGRAPH_BREAK.split(text)
    for i in range(0, len(parts), 2):
        if _too_costly(parts[i]):
            # A block of HTML, which Python-Markdown passes on untouched (nh3 still cleans it).
            parts[i] = f"<p>{escape(parts[i].strip())}</p>"
    return "".join(parts)


def render_markdown(text: str) -> SafeString:
    """Render Markdown to sanitised HTML, safe to output unescaped in a template."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    if len(text) > MAX_MARKDOWN_CHARS:
        # Longer than any field of the form takes (text stored before the limits, or typed in
        # the admin): shown as plain paragraphs, not parsed.
        return linebreaks(text, autoescape=True)
    html = markdown_lib.markdown(
        defuse(text), extensions=["sane_lists", "tables"], output_format="html"
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it
