"""Shared fixtures, and the rules for tests that need PostgreSQL or a real browser.

On a machine without PostgreSQL or Chromium those tests skip with a message saying how to enable
them; CI sets REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1, and then such a skip is a failure.
"""

import os
from pathlib import Path

import pytest
from django.db import connection

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


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
