"""Shared fixtures, and the rules for tests that need PostgreSQL or a real browser.

On a machine without PostgreSQL or Chromium those tests skip with a message saying how to enable
them; CI sets REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1, and then such a skip is a failure.
"""

import os
from pathlib import Path

import pytest
from django.db import connection

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def pytest_configure(config):
    from django.conf import settings

    # Tests run with debug off, as production does, but without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True


def _required(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def _skip_or_fail(reason, required_by):
    if _required(required_by):
        pytest.fail(f"{reason} ({required_by} is set, so this may not skip)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _needs_real_parts(request):
    """Skip postgres/browser tests where the part is missing, unless CI requires them."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _skip_or_fail(
            "needs PostgreSQL: run with DATABASE_URL=postgres://USER@127.0.0.1:5432/DB",
            "REQUIRE_POSTGRES",
        )
    if request.node.get_closest_marker("browser") and not CHROMIUM.exists():
        _skip_or_fail(
            f"needs Chromium at {CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH",
            "REQUIRE_BROWSER",
        )


@pytest.fixture
def world(db):
    """A small world of countries, objectives, an event and three published practices."""
    from tests.world import build_world

    return build_world()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Hash test passwords quickly: production's slow hasher would make every persona cost
    a third of a second. What is tested (sign-in, lockout, resets) does not depend on it."""
    from django.test import override_settings

    override = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True, scope="session")
def _mail_through_the_task_queue(django_test_environment):
    """E-mail goes through the site's task queue as in production (cop.mail); the immediate
    task backend delivers it at once, into django.core.mail.outbox."""
    from django.test import override_settings

    override = override_settings(
        EMAIL_BACKEND="cop.mail.QueuedEmailBackend",
        COP_EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits count in Django's cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The personas every permission test runs against (see tests/personas.py). An applicant has no
# account (they sign in as nobody), so for views they are the anonymous client; the fixture
# gives their application.


@pytest.fixture
def anonymous_client():
    from django.test import Client

    return Client()


@pytest.fixture
def applicant(db):
    """A person whose application to join is pending; they have no account."""
    from tests.factories import ApplicationFactory

    return ApplicationFactory(full_name="Adel Applicant", email="adel@example.org")


@pytest.fixture
def member(db):
    from tests.factories import MemberFactory

    return MemberFactory(username="mona", first_name="Mona", last_name="Member")


@pytest.fixture
def other_member(db):
    from tests.factories import MemberFactory

    return MemberFactory(username="omar", first_name="Omar", last_name="Other")


@pytest.fixture
def coordinator(db):
    from tests.factories import CoordinatorFactory

    return CoordinatorFactory(username="carmen", first_name="Carmen", last_name="Coordinator")


@pytest.fixture
def admin_user(db):
    """A superuser (overrides pytest-django's admin_user, same username and password)."""
    from tests.factories import UserFactory

    return UserFactory(
        username="admin",
        first_name="Ada",
        last_name="Admin",
        is_staff=True,
        is_superuser=True,
        password="password",
    )


@pytest.fixture
def personas(anonymous_client, applicant, member, other_member, coordinator, admin_user):
    """Each persona's user by name (None for those without an account)."""
    return {
        "anonymous": None,
        "applicant": None,
        "member": member,
        "other_member": other_member,
        "coordinator": coordinator,
        "admin": admin_user,
    }


@pytest.fixture
def client_as(personas):
    """client_as("member") → a test client signed in as that persona (anonymous for None)."""
    from django.test import Client

    def make(name, **client_kwargs):
        client = Client(**client_kwargs)
        if personas[name] is not None:
            client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def api_as(personas):
    """api_as("member") → a client whose requests carry a new API token of that persona. The
    API knows callers by their token only; without an account, a persona calls without one."""
    from django.test import Client

    from practices.api.tokens import create_token

    def make(name):
        user = personas[name]
        if user is None:
            return Client()
        _token, raw = create_token(user=user, name=f"{name}'s token")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make
