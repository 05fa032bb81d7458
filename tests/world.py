"""A small, realistic world for page tests: two regions, countries, objectives, an event."""

from dataclasses import dataclass

from cop.models import Objective
from practices.models import Practice
from tests.factories import (
    CountryFactory,
    EventFactory,
    ObjectiveFactory,
    OrganisationFactory,
    PhaseFactory,
    PracticeFactory,
    PresentationFactory,
    RegionFactory,
    SessionFactory,
    ThemeFactory,
)

OBJECTIVES = [
    (1, "strategy-and-policy", "Strategy and policy", "Strategy and policy development"),
    (2, "legislative-assistance", "Legislative assistance", "Legislative assistance"),
    (3, "capacity-building", "Capacity building", "Capacity building"),
    (4, "regional-cooperation", "Regional cooperation", "Regional and trans-regional cooperation"),
    (5, "protection-and-assistance", "Protection and assistance", "Protection and assistance"),
    (6, "children", "Children", "Assistance and support to children"),
]


@dataclass
class World:
    objectives: dict
    morocco: object
    egypt: object
    brazil: object
    event: object
    session: object
    presentation: object
    theme: object
    organisation: object
    training: Practice  # Morocco, capacity building, tags training + whatsapp group
    plan: Practice  # Brazil, strategy, tag national action plan
    children: Practice  # Egypt + Morocco, children, smuggling


def build_world():
    objectives = {
        slug: ObjectiveFactory(number=n, slug=slug, short_label=label, title=title)
        for n, slug, label, title in OBJECTIVES
    }
    africa = RegionFactory(name="Africa", slug="africa", order=1)
    latin = RegionFactory(name="Latin America", slug="latin-america", order=2)
    phase = PhaseFactory(name="GLO.ACT 2015–2019", slug="glo-act-2015-2019")
    morocco = CountryFactory(name="Morocco", slug="morocco", iso_code="MA", region=africa)
    egypt = CountryFactory(name="Egypt", slug="egypt", iso_code="EG", region=africa)
    brazil = CountryFactory(name="Brazil", slug="brazil", iso_code="BR", region=latin)
    morocco.phases.add(phase)
    brazil.phases.add(phase)
    event = EventFactory(title="Community of Practice Workshop", slug="vienna-2019")
    session = SessionFactory(event=event, title="Session 3: Capacity building", slug="session-3")
    session.objectives.add(objectives["capacity-building"])
    organisation = OrganisationFactory(name="United Nations Office on Drugs and Crime",
                                       acronym="UNODC", slug="unodc")  # fmt: skip
    presentation = PresentationFactory(
        session=session,
        presenter_name="Mr. Said Ftena",
        presenter_role="Prosecutor",
        country=morocco,
        organisation=organisation,
        title="A nation-wide network of prosecutors",
    )
    theme = ThemeFactory(number=6, name="Impact", slug="impact")
    training = PracticeFactory(
        title="WhatsApp groups keep trainees connected",
        slug="whatsapp-groups",
        summary="After each training, participants stay in touch in a messaging group.",
        objectives=[objectives["capacity-building"]],
        countries=[morocco],
        themes=[theme],
        tags=["training", "whatsapp group"],
        focus=Practice.Focus.TRAFFICKING,
        source_event=event,
        source_session=session,
        source_presentation=presentation,
    )
    training.organisations.add(organisation)
    plan = PracticeFactory(
        title="A national action plan that survives elections",
        slug="national-action-plan",
        summary="A diversified map of stakeholders kept the plan alive.",
        objectives=[objectives["strategy-and-policy"]],
        countries=[brazil],
        tags=["national action plan"],
        focus=Practice.Focus.TRAFFICKING,
        kind=Practice.Kind.LESSON_LEARNED,
        source_event=event,
    )
    children = PracticeFactory(
        title="Care for unaccompanied minors",
        slug="unaccompanied-minors",
        summary="Accommodation, schooling and therapy for children on the move.",
        objectives=[objectives["children"], objectives["protection-and-assistance"]],
        countries=[egypt, morocco],
        tags=["child protection", "training"],
        focus=Practice.Focus.SMUGGLING,
    )
    return World(objectives, morocco, egypt, brazil, event, session, presentation, theme,
                 organisation, training, plan, children)  # fmt: skip


def objective(slug):
    return Objective.objects.get(slug=slug)
