"""The search language, parsed once and rendered by each backend.

Syntax as PostgreSQL's websearch_to_tsquery: words are ANDed, "exact phrase", -exclude, and `or`
between words. OR binds loosest (`a b or c` is `(a and b) or c`); a part of the query with
nothing but exclusions or stop words matches nothing, on both backends alike. Also here: which
words of a query may be corrected, and the HTML-safe headline helpers both backends use.
"""

import re
from dataclasses import dataclass

from django.db.models import TextField, Value
from django.db.models.functions import Replace

# SQLite's headline markers: private-use characters, turned into <mark> only after the snippet
# has been HTML-escaped. Any in the practice text are dropped from the index first.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MAX_TERMS = 32  # terms of a query beyond this are ignored
MAX_WORD_LENGTH = 100  # longer "words" are noise, not search terms
MAX_CORRECTED_WORDS = 8
MIN_CORRECTED_LENGTH = 4  # shorter words have too few trigrams to correct reliably

# PostgreSQL's english stop words: dropped from the query on both backends alike.
_ENGLISH_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into
    through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split())

# Curly and angle quotes, as phones and word processors type them, quote phrases too.
_CHUNK = re.compile(r'(-?)(?:["“”„«»]([^"“”„«»]*)["“”„«»]?|([^\s"“”„«»]+))')
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    words: tuple  # one word, or the words of a phrase
    negated: bool = False


def parse(query):
    """The query as a list of alternatives (OR), each a list of Terms (AND).

    Alternatives with no positive term are dropped, as are stop words standing alone.
    """
    alternatives, current, count = [], [], 0
    for match in _CHUNK.finditer(str(query or "")):
        negated, phrase, bare = bool(match[1]), match[2], match[3]
        text = phrase if phrase is not None else bare
        if phrase is None and not negated and text.lower() == "or":
            if current:
                alternatives.append(current)
            current = []
            continue
        words = tuple(w.lower() for w in WORD.findall(text) if len(w) <= MAX_WORD_LENGTH)
        if not words or (len(words) == 1 and words[0] in STOP_WORDS):
            continue
        if count < MAX_TERMS:
            current.append(Term(words, negated))
            count += 1
    alternatives.append(current)
    return [terms for terms in alternatives if any(not t.negated for t in terms)]


def corrected(alternatives, corrections):
    """The same query with misspelt wanted words replaced by their corrections."""
    return [
        [
            Term(tuple(corrections.get(w, w) for w in t.words), t.negated) if not t.negated else t
            for t in terms
        ]
        for terms in alternatives
    ]


def correctable_words(alternatives):
    """The wanted words worth correcting: long enough, letters only, no stop word."""
    words = []
    for terms in alternatives:
        for t in terms:
            if t.negated:
                continue
            words += [
                w
                for w in t.words
                if len(w) >= MIN_CORRECTED_LENGTH
                and w.isalpha()
                and w not in STOP_WORDS
                and w not in words
            ]
    return words[:MAX_CORRECTED_WORDS]


def respell(query, corrections):
    """The query as typed, its misspelt words corrected, keeping their case."""

    def replace(match):
        word = match[0]
        fixed = corrections.get(word.lower())
        if fixed is None:
            return word
        if len(word) > 1 and word.isupper():
            return fixed.upper()
        return fixed[:1].upper() + fixed[1:] if word[:1].isupper() else fixed

    return " ".join(WORD.sub(replace, str(query).replace("\x00", "")).split())


# Headlines are HTML-escaped in SQL, so no practice text can inject markup: on SQLite after FTS5
# cuts the snippet (with private-use markers, turned into <mark> last), on PostgreSQL before
# ts_headline cuts it.

# Escaped as django.utils.html.escape does.
HTML_ESCAPES = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")]


def replace_all(expression, pairs):
    for old, new in pairs:
        expression = Replace(expression, Value(old), Value(new), output_field=TextField())
    return expression


def html_safe_headline(expression):
    """Escape a snippet cut with the private-use markers, then turn the markers into <mark>."""
    return replace_all(
        replace_all(expression, HTML_ESCAPES), [(MARK_START, "<mark>"), (MARK_STOP, "</mark>")]
    )
