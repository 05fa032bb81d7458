"""The personal-data warning: e-mail addresses, phone numbers and passport numbers in a text.

A warning, never a block: coordinators decide. Each finding names the field it was seen in and
quotes what was seen, so the writer knows what to look at. Every pattern runs in time linear in
the text (bounded repetitions, possessive quantifiers where whitespace runs could otherwise be
split in many ways), because the text is whatever a member typed.
"""

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

# A local part of at most 64 characters and a domain of at most 8 labels of 63 (RFC 5321),
# starting where a word starts: a start is tried against a bounded number of characters, and
# only at the beginning of a run of letters (60,000 letters took 31 s with `+`).
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# One digit, a run of digits and separators, one digit. A failed attempt scans one run; only
# the digits of its first eight characters can fail, so the work stays linear in the text.
PHONE_RE = re.compile(r"\+?\(?\d[\d\s().-]{7,}\d")
# Possessive whitespace (`\s*+`): the three runs of spaces around "no." cannot be traded
# against one another, which took 28 s on "passport" followed by 1,500 spaces.
PASSPORT_RE = re.compile(
    r"\b[A-Z]{1,2}\d{6,9}\b|\bpassport\s*+(?:no\.?|number|nr\.?|#)?\s*+:?\s*+[A-Z0-9]{6,9}\b",
    re.IGNORECASE,
)
YEARS_RE = re.compile(r"^(?:(?:19|20)\d\d[\s./-]*+)+$")

KINDS = {
    "email": _("an e-mail address"),
    "phone": _("a phone number"),
    "passport": _("a passport number"),
}
QUOTE_CHARS = 60
MAX_PER_FIELD_AND_KIND = 3
MATCHES_READ = 100  # a text with thousands of addresses is not quoted thousands of times
MAX_FINDINGS = 12


@dataclass(frozen=True)
class Finding:
    """Something in one field that looks like personal data, and the words that look so."""

    kind: str  # a key of KINDS
    field: str  # the label of the field, as the form shows it ("" when unknown)
    quote: str

    @property
    def kind_label(self):
        return KINDS[self.kind]

    def __str__(self):
        if self.field:
            return str(
                _("%(kind)s in “%(field)s”: “%(quote)s”")
                % {"kind": self.kind_label, "field": self.field, "quote": self.quote}
            )
        return str(_("%(kind)s: “%(quote)s”") % {"kind": self.kind_label, "quote": self.quote})


def _quote(text):
    return Truncator(" ".join(text.split())).chars(QUOTE_CHARS)


def _phones(text):
    for match in PHONE_RE.finditer(text):
        candidate = match.group().strip()
        if YEARS_RE.match(candidate):
            continue  # "2015-2019", "2018 2019"
        digits = sum(ch.isdigit() for ch in candidate)
        if digits >= 9 or (candidate.startswith("+") and digits >= 8):
            yield candidate


def _passports(text):
    for match in PASSPORT_RE.finditer(EMAIL_RE.sub(" ", text)):
        yield match.group()


def _first_quotes(matches):
    """Up to MAX_PER_FIELD_AND_KIND different quotes, from the first MATCHES_READ matches."""
    quotes = []
    for raw in itertools.islice(matches, MATCHES_READ):
        quote = _quote(raw)
        if quote not in quotes:
            quotes.append(quote)
            if len(quotes) == MAX_PER_FIELD_AND_KIND:
                break
    return quotes


def _findings_in(field, text):
    emails = (m.group() for m in EMAIL_RE.finditer(text))
    for kind, matches in (
        ("email", emails),
        ("phone", _phones(text)),
        ("passport", _passports(text)),
    ):
        for quote in _first_quotes(matches):
            yield Finding(kind, field, quote)


def personal_data_found(texts):
    """What in some texts looks like personal data: a list of `Finding`, at most MAX_FINDINGS.

    `texts` maps field labels to texts (or is a list of texts, then findings name no field).
    The contact field is left out by the caller: an address there is the author's own, on
    purpose.
    """
    pairs = texts.items() if isinstance(texts, Mapping) else (("", t) for t in texts)
    found = []
    for field, text in pairs:
        if not text:
            continue
        for finding in _findings_in(str(field), str(text)):
            found.append(finding)
            if len(found) == MAX_FINDINGS:
                return found
    return found
