"""Settings fail closed: a bad or missing value stops start-up with a message naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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
        ({"DJANGO_SECRET_KEY": "k", "EMAIL_TIMEOUT": "soon"}, "EMAIL_TIMEOUT"),
        ({"DJANGO_SECRET_KEY": "k", "EMAIL_TIMEOUT": "0"}, "EMAIL_TIMEOUT"),
        ({"DJANGO_SECRET_KEY": "k", "DJANGO_TASKS_BACKEND": "celery"}, "DJANGO_TASKS_BACKEND"),
        ({"DJANGO_SECRET_KEY": "k", "DJANGO_EMAIL_MAX_ATTEMPTS": "0"}, "DJANGO_EMAIL_MAX_ATTEMPTS"),
        ({"DJANGO_SECRET_KEY": "k", "PORT": "http"}, "PORT"),
        (
            {
                "DJANGO_SECRET_KEY": "k",
                "SENTRY_DSN": "https://k@127.0.0.1:9/1",
                "SENTRY_TRACES_SAMPLE_RATE": "2",
            },
            "SENTRY_TRACES_SAMPLE_RATE",
        ),
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


def setting(name, env):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    full.pop("PORT", None)
    full.update({"DJANGO_SECRET_KEY": "k", **env})
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         f"from django.conf import settings; print(settings.{name})"],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_mail_server_timeout_comes_from_the_environment():
    assert setting("EMAIL_TIMEOUT", {}) == "10"
    assert setting("EMAIL_TIMEOUT", {"EMAIL_TIMEOUT": "3"}) == "3"


def test_links_in_e_mails_follow_the_port_the_site_is_served_on():
    assert setting("SITE_URL", {}) == "http://127.0.0.1:8000"
    assert setting("SITE_URL", {"PORT": "8101"}) == "http://127.0.0.1:8101"
    assert setting("SITE_URL", {"PORT": "8101", "DJANGO_SITE_URL": "https://cop.example.org"}) == (
        "https://cop.example.org"
    )


def test_make_run_and_make_dev_serve_links_for_their_port():
    for target in ("run", "dev"):
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SITE_URL"}
        plan = subprocess.run(
            ["make", "-n", target, "PORT=8101"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        ).stdout  # fmt: skip
        assert 'DJANGO_SITE_URL="http://127.0.0.1:8101"' in plan, target
        assert "127.0.0.1:8101" in plan


def test_make_run_starts_the_task_worker_beside_gunicorn():
    plan = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert "manage.py db_worker" in plan
    assert "gunicorn cop.wsgi:application" in plan
    assert "kill $worker" in plan
