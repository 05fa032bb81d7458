"""Settings fail closed: a bad or missing value stops start-up with a message naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(env):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    full.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_needs_a_secret_key():
    result = start({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DJANGO_SECRET_KEY": "k", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"),
        ({"DJANGO_SECRET_KEY": "k", "DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"DJANGO_SECRET_KEY": "k", "DJANGO_ALLOWED_HOSTS": " , "}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_SECRET_KEY": "k", "DJANGO_HTTPS": "sometimes"}, "DJANGO_HTTPS"),
        ({"DJANGO_SECRET_KEY": "k", "REDIS_URL": "localhost:6379"}, "REDIS_URL"),
    ],
)
def test_bad_values_stop_start_up_naming_the_variable(env, variable):
    result = start(env)
    assert result.returncode != 0
    assert variable in result.stderr


def test_debug_is_off_unless_asked_for():
    from django.conf import settings

    assert settings.DEBUG is False


def test_gunicorn_workers_can_share_a_cache_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update({"DJANGO_SECRET_KEY": "k", "DJANGO_CACHE_DIR": str(tmp_path)})
    code = "from django.core.cache import caches; c = caches['default']; c.set('x', 1); "
    code += "print(type(c).__name__)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "FileBasedCache" in result.stdout, result.stderr
    assert any(tmp_path.iterdir())
