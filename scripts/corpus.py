"""A synthetic corpus of practices for the benchmark, over the real reference data.

Practices are written from a vocabulary of the field (trafficking, smuggling, victim
identification, training, referral, prosecution…) and tied to the countries, objectives, themes,
tags, organisations and workshop sessions already in the database, with the skew real data has:
a few countries and tags carry most practices. The same seed gives the same corpus.

Rows go in with set-based inserts: practices in batches through `bulk_create`, then the rows of
every many-to-many table of the batch at once.
"""

import random
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag
from tqdm import tqdm

from cop.models import Objective, Organisation, Presentation, Session
from countries.models import Country
from practices.models import Practice, TaggedPractice, Theme

SLUG_PREFIX = "bench-"
BATCH = 5_000

# Used only when the database has no tags yet (the workshop data usually brings its own).
FALLBACK_TAGS = [
    "training", "victim identification", "national referral mechanism", "child protection",
    "joint investigation", "national action plan", "legislation", "border management",
    "international cooperation", "shelter", "data collection", "awareness raising",
]  # fmt: skip

# What a practice is about: the head of its title, and how its text names it. About a third are
# on training and a few on victim identification, as in the workshop's own practices.
SUBJECTS = [
    ("Training", "a training course on investigating trafficking cases"),
    ("Training of trainers", "a training of trainers programme for the police academy"),
    ("E-learning", "an e-learning training module for front-line officers"),
    ("Joint training", "joint training of prosecutors and judges"),
    ("Mentoring", "mentoring and on-the-job training for investigators"),
    ("Victim identification", "standard operating procedures for victim identification"),
    ("A national action plan", "a national action plan against trafficking in persons"),
    ("Referral", "a national referral mechanism for victims of trafficking"),
    ("Joint investigations", "joint investigation teams on migrant smuggling"),
    ("A hotline", "a hotline for victims of trafficking"),
    ("Non-punishment", "guidelines on the non-punishment principle"),
    ("Case management", "a case management database"),
    ("Shelters", "shelters for child victims"),
    ("Mutual legal assistance", "requests for mutual legal assistance"),
    ("Financial investigations", "financial investigations into smuggling networks"),
    ("Child-friendly interviews", "a manual on interviewing child victims"),
    ("Legislative review", "a law criminalising the smuggling of migrants"),
    ("A prosecutors' network", "a network of specialised prosecutors"),
    ("Mobile border teams", "mobile teams at border crossings"),
    ("Awareness raising", "awareness campaigns in countries of origin"),
    ("Peer exchange", "a peer-to-peer exchange between neighbouring countries"),
    ("Data collection", "a data collection system on trafficking cases"),
    ("Repatriation", "a protocol for the safe return of victims"),
    ("Witness protection", "victim-centred witness protection measures"),
    ("Cooperation agreements", "cooperation agreements with countries of destination"),
    ("Labour inspections", "joint labour inspections in high-risk sectors"),
]
TITLE_TAILS = [
    "for prosecutors", "for border guards", "for labour inspectors", "for judges",
    "against migrant smuggling", "against trafficking in persons", "for child victims",
    "across borders", "with civil society", "at the regional level", "for first responders",
]  # fmt: skip
FOCUS_NAMES = {
    "trafficking": "trafficking in persons",
    "smuggling": "the smuggling of migrants",
    "both": "trafficking in persons and the smuggling of migrants",
}
ACTORS = [
    "prosecutors", "judges", "border guards", "labour inspectors", "police investigators",
    "social workers", "consular officers", "NGO case workers", "child protection officers",
    "immigration officers", "front-line officers", "the national rapporteur",
    "the inter-ministerial committee", "specialised prosecutors", "mentors",
    "civil society partners", "legal aid lawyers", "financial investigators",
]  # fmt: skip
ACTIONS = [
    "launched", "set up", "piloted", "drafted", "reviewed", "coordinated", "strengthened",
    "mapped", "translated", "evaluated", "shared", "adopted", "expanded", "institutionalised",
]  # fmt: skip
GENERIC = [
    "the new procedure", "the pilot", "this approach", "the cooperation", "the network",
    "the guidelines", "case referrals", "the joint work", "the mechanism",
]  # fmt: skip
PURPOSES = [
    "to protect victims", "to prosecute traffickers", "to dismantle smuggling networks",
    "to identify more victims", "to coordinate across borders",
    "to protect the rights of smuggled migrants", "to shorten criminal proceedings",
    "to keep children out of detention", "to follow the money of organised crime",
    "to bring the law in line with the Palermo Protocols", "to reach remote border areas",
    "to make the results last", "to give survivors a voice",
]  # fmt: skip
PROBLEMS = [
    "cases of {focus} were rarely prosecuted as such",
    "victims of {focus} were often treated as offenders",
    "agencies dealing with {focus} did not share information",
    "border officials had no common procedure for cases of {focus}",
    "investigations into {focus} stopped at the border",
    "children affected by {focus} were placed in detention",
    "the law on {focus} did not match the international protocols",
]  # fmt: skip
RESULTS = [
    "the number of identified victims doubled within two years",
    "convictions for trafficking in persons rose steadily",
    "more victims were referred to assistance and shelter",
    "investigations into smuggling networks became faster",
    "cases were prosecuted as trafficking rather than as minor offences",
    "trained officers now teach the course themselves",
    "cooperation with neighbouring countries became routine",
    "children received care instead of detention",
    "data on trafficking cases became comparable across regions",
]  # fmt: skip
LESSONS = [
    "ownership by national institutions mattered more than funding",
    "staff turnover made repeated courses necessary",
    "victims needed interpretation in their own language",
    "informal contacts between prosecutors kept cooperation alive",
    "real case studies worked better than lectures",
    "civil society had to be involved from the design stage",
    "a clear legal basis came before operational cooperation",
    "follow-up after the first year decided the impact",
    "smuggled migrants were often also victims of trafficking",
]  # fmt: skip
KIND_WEIGHTS = {
    Practice.Kind.GOOD_PRACTICE: 60,
    Practice.Kind.LESSON_LEARNED: 20,
    Practice.Kind.CHALLENGE: 10,
    Practice.Kind.RECOMMENDATION: 10,
}
FOCUS_WEIGHTS = {
    Practice.Focus.TRAFFICKING: 50,
    Practice.Focus.SMUGGLING: 20,
    Practice.Focus.BOTH: 30,
}
FIRST_PUBLISHED = datetime(2015, 1, 1, tzinfo=UTC)
PUBLISHED_SPAN_DAYS = 11 * 365


def synthetic_practices():
    return Practice.objects.filter(slug__startswith=SLUG_PREFIX)


class _Skewed:
    """Weighted picks from a list, heavier at its start (Zipf-like, as real data is)."""

    def __init__(self, rng, items, *, weights=None, exponent=0.8):
        self.rng = rng
        self.items = list(items)
        if weights is None:
            weights = [1 / (rank + 1) ** exponent for rank in range(len(self.items))]
        self.cum = list(accumulate(weights))

    def one(self):
        return self.rng.choices(self.items, cum_weights=self.cum)[0]

    def some(self, low, high):
        """Between low and high distinct items (fewer if there are not enough)."""
        wanted = min(self.rng.randint(low, high), len(self.items))
        chosen = []
        for _ in range(wanted * 4):
            if len(chosen) == wanted:
                break
            item = self.one()
            if item not in chosen:
                chosen.append(item)
        return chosen


class _Writer:
    """The text of one practice: its subject, country and focus recur, as in a real report."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, words):
        return self.rng.choice(words)

    def practice(self, country, focus):
        head, subject = self.pick(SUBJECTS)
        r, focus_name = self.pick, FOCUS_NAMES[focus]

        def sentence():
            thing = subject if self.rng.random() < 0.6 else r(GENERIC)
            return self.pick(
                (
                    f"In {country}, {r(ACTORS)} {r(ACTIONS)} {thing} {r(PURPOSES)}.",
                    f"{r(ACTORS).capitalize()} and {r(ACTORS)} {r(ACTIONS)} {thing}.",
                    f"With {thing}, {r(ACTORS)} in {country} worked {r(PURPOSES)}.",
                    f"The project {r(ACTIONS)} {thing} to counter {focus_name}.",
                )
            )

        def paragraph(low, high):
            return " ".join(sentence() for _ in range(self.rng.randint(low, high)))

        title = f"{head} {r(TITLE_TAILS)} in {country}"
        return {
            "title": title,
            "summary": f"In {country}, {r(ACTORS)} {r(ACTIONS)} {subject} "
            f"{r(PURPOSES)}. {r(RESULTS).capitalize()}."[:400],
            "body": f"{paragraph(2, 4)}\n\n{paragraph(1, 3)}",
            "problem": f"In {country}, {r(PROBLEMS).format(focus=focus_name)}. {sentence()}",
            "results": f"{r(RESULTS).capitalize()}. {sentence()}",
            "lessons": f"{r(LESSONS).capitalize()}. {r(LESSONS).capitalize()}.",
            "adaptation": sentence(),
        }


def _reference_data():
    objectives = list(Objective.objects.order_by("number"))
    countries = list(Country.objects.order_by("name"))
    if not objectives or not countries:
        raise RuntimeError(
            "The database has no objectives or countries: load the workshop data first "
            "(python manage.py load_workshop)."
        )
    tags = list(Tag.objects.order_by("name"))
    if not tags:
        tags = [
            Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            for name in FALLBACK_TAGS
        ]
    return {
        "objectives": objectives,
        "countries": countries,
        "themes": list(Theme.objects.order_by("number")),
        "tags": tags,
        "organisations": list(Organisation.objects.order_by("name")),
        "sessions": list(Session.objects.order_by("pk")),
        "presentations": list(Presentation.objects.select_related("session").order_by("pk")),
    }


def generate(count, *, seed=2019, batch=BATCH, progress=True):
    """Add `count` published synthetic practices; returns how many were written."""
    rng = random.Random(seed)
    ref = _reference_data()
    # Shuffle before skewing, so which country or tag is "big" does not follow the alphabet.
    for key in ("countries", "tags", "organisations"):
        rng.shuffle(ref[key])
    pick = {
        "objective": _Skewed(rng, ref["objectives"], exponent=0.5),
        "country": _Skewed(rng, ref["countries"]),
        "theme": _Skewed(rng, ref["themes"], exponent=0.3) if ref["themes"] else None,
        "tag": _Skewed(rng, ref["tags"], exponent=1.0),
        "organisation": _Skewed(rng, ref["organisations"]) if ref["organisations"] else None,
        "kind": _Skewed(rng, KIND_WEIGHTS, weights=list(KIND_WEIGHTS.values())),
        "focus": _Skewed(rng, FOCUS_WEIGHTS, weights=list(FOCUS_WEIGHTS.values())),
    }
    writer = _Writer(rng)
    bar = tqdm(total=count, unit="practice", disable=not progress, desc="Synthetic practices")
    written = 0
    while written < count:
        size = min(batch, count - written)
        with transaction.atomic():
            _write_batch(rng, writer, pick, ref, start=written, size=size)
        written += size
        bar.update(size)
    bar.close()
    return written


def _write_batch(rng, writer, pick, ref, *, start, size):
    practices, links = [], []
    for i in range(start, start + size):
        countries = pick["country"].some(1, 3)
        focus = pick["focus"].one()
        text = writer.practice(countries[0].name, focus)
        practice = Practice(
            **text,
            slug=f"{SLUG_PREFIX}{i:06d}-{slugify(text['title'])}"[:120],
            focus=focus,
            kind=pick["kind"].one(),
            status=Practice.Status.PUBLISHED,
            visibility=(
                Practice.Visibility.MEMBERS if rng.random() < 0.1 else Practice.Visibility.PUBLIC
            ),
            featured=rng.random() < 0.01,
            published_at=FIRST_PUBLISHED
            + timedelta(days=rng.randrange(PUBLISHED_SPAN_DAYS), seconds=rng.randrange(86400)),
        )
        # A third come from a workshop session, some of those from one presentation in it.
        if ref["presentations"] and rng.random() < 0.15:
            presentation = rng.choice(ref["presentations"])
            practice.source_presentation = presentation
            practice.source_session = presentation.session
            practice.source_event_id = presentation.session.event_id
        elif ref["sessions"] and rng.random() < 0.2:
            session = rng.choice(ref["sessions"])
            practice.source_session = session
            practice.source_event_id = session.event_id
        practices.append(practice)
        links.append(
            {
                "objectives": pick["objective"].some(1, 2),
                "countries": countries,
                "themes": pick["theme"].some(0, 2) if pick["theme"] else [],
                "tags": pick["tag"].some(1, 4),
                "organisations": (
                    pick["organisation"].some(1, 1)
                    if pick["organisation"] and rng.random() < 0.3
                    else []
                ),
            }
        )
    Practice.objects.bulk_create(practices, batch_size=len(practices))
    _link(practices, links)


M2M = ("objectives", "countries", "themes", "organisations")


def _link(practices, links):
    """Insert the many-to-many rows of a batch, one bulk insert per table."""
    rows = {name: [] for name in M2M}
    tagged = []
    for practice, chosen in zip(practices, links, strict=True):
        for name in M2M:
            field = Practice._meta.get_field(name)
            through, target = field.remote_field.through, f"{field.m2m_reverse_field_name()}_id"
            rows[name].extend(
                through(practice_id=practice.pk, **{target: item.pk}) for item in chosen[name]
            )
        tagged.extend(
            TaggedPractice(content_object_id=practice.pk, tag_id=tag.pk) for tag in chosen["tags"]
        )
    for objs in rows.values():
        if objs:
            type(objs[0]).objects.bulk_create(objs, batch_size=10_000)
    TaggedPractice.objects.bulk_create(tagged, batch_size=10_000)
