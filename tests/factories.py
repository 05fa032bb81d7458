"""factory_boy factories for every model the tests build."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cop.models import Event, Objective, Organisation, Presentation, Session
from countries.models import Country, Phase, Region
from practices.models import Practice, Theme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Amina"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.django.Password("correct horse battery staple")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Phase {n}")
    slug = factory.Sequence(lambda n: f"phase-{n}")
    start_year = 2015
    end_year = 2019


def _iso(n):
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[(n // 26) % 26] + letters[n % 26]


def _unused_iso_code():
    """A code no country of the database has yet: "QA".."ZZ"-style codes from the end of the
    alphabet, skipping those taken (a test may hold real countries, Morocco's MA say)."""
    used = set(Country.objects.values_list("iso_code", flat=True))
    return next(code for n in range(26 * 16, 26 * 26) if (code := _iso(n)) not in used)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    iso_code = factory.LazyFunction(_unused_iso_code)
    region = factory.SubFactory(RegionFactory)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 6 + 1)
    title = factory.LazyAttribute(lambda o: f"Objective {o.number}")
    short_label = factory.LazyAttribute(lambda o: f"Objective {o.number}")
    slug = factory.LazyAttribute(lambda o: f"objective-{o.number}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 6 + 1)
    name = factory.LazyAttribute(lambda t: f"Theme {t.number}")
    slug = factory.LazyAttribute(lambda t: f"theme-{t.number}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.NGO


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    start_date = datetime.date(2019, 5, 20)
    end_date = datetime.date(2019, 5, 21)
    venue = "Vienna International Centre"
    city = "Vienna"
    summary = "Practitioners met and exchanged."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = Session.Kind.THEMATIC
    title = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    moderator_name = "Ms. Moderator"


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Presentation

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    presenter_name = factory.Sequence(lambda n: f"Presenter {n}")
    title = factory.Sequence(lambda n: f"Presentation {n}")


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Practice number {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "A short summary of what was done and why it matters."
    body = "What was done, in **Markdown**."
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if create:
            self.objectives.set(extracted if extracted is not None else [ObjectiveFactory()])

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


# Members, coordinators and their applications (cop accounts). The groups come from the
# migration cop/0003_roles, so the factories look them up rather than create them.


def role_group(name):
    """The group of a role, as the roles migration made it.

    A transactional test (a browser test, say) empties every table when it ends, including
    what migrations wrote; the migration's own function then puts the groups back.
    """
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import connection

    group = Group.objects.filter(name=name).first()
    if group is None:
        roles_migration = importlib.import_module("cop.migrations.0003_roles")
        roles_migration.create_roles(apps, SimpleNamespace(connection=connection))
        group = Group.objects.get(name=name)
    return group


class MemberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cop.MemberProfile"
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    organisation = "Ministry of Justice"
    role = "Prosecutor"


def _in_role_group(group_name):
    """After creating the user, add them to the group of a role (a name in cop.members.roles)."""

    def join(user, create, extracted, **kwargs):
        if create:
            from cop.members import roles

            user.groups.add(role_group(getattr(roles, group_name)))

    return factory.PostGeneration(join)


class MemberFactory(UserFactory):
    """An active user in the group Member, with a profile (e-mail notifications: immediate)."""

    class Meta:
        skip_postgeneration_save = True

    profile = factory.RelatedFactory(MemberProfileFactory, factory_related_name="user")
    role_groups = _in_role_group("MEMBER_GROUP")


class CoordinatorFactory(UserFactory):
    """An active user in the group Coordinator, with a profile."""

    class Meta:
        skip_postgeneration_save = True

    first_name = "Carmen"
    profile = factory.RelatedFactory(
        MemberProfileFactory,
        factory_related_name="user",
        organisation="UNODC",
        role="Programme coordinator",
    )
    role_groups = _in_role_group("COORDINATOR_GROUP")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A pending application to join (no account exists for it)."""

    class Meta:
        model = "cop.MembershipApplication"

    full_name = factory.Sequence(lambda n: f"Applicant Person{n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    organisation = "National Police"
    role = "Investigator"
    motivation = "I investigate trafficking cases and want to learn from other countries."
    country = factory.SubFactory(CountryFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cop.Notification"

    recipient = factory.SubFactory(MemberFactory)
    kind = "test"
    subject = factory.Sequence(lambda n: f"Something happened ({n})")
    message = "Details of what happened."
    url = factory.LazyFunction(lambda: reverse("practices:list"))
