"""Settings for the GLO.ACT Community of Practice knowledge base.

Everything that differs between a laptop and production comes from the environment, and the
settings fail closed: debug is off unless asked for, production needs a real secret key, and a
malformed value stops start-up with a message that names the variable.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cop.env import env_bool, env_int, env_list, env_str
from cop.logging import FORMAT as LOG_FORMAT

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

_database_url = env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL Django understands ({exc}). "
        "Use sqlite:///path/to/db.sqlite3 or postgres://user@host:5432/name."
    ) from exc
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured(
        "DATABASE_URL must point at SQLite or PostgreSQL; "
        f"{DATABASES['default']['ENGINE']} is not supported."
    )
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if not IS_POSTGRES:
    # gunicorn's workers and the task worker write to one SQLite file: writers wait for each
    # other (timeout, in seconds) instead of failing with "database is locked"; a write
    # transaction takes its lock when it starts (IMMEDIATE), so it never has to give up halfway;
    # and with write-ahead logging, readers never wait for a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if IS_POSTGRES:
    # The site's queries are short; PostgreSQL's JIT spent seconds compiling the facet counts
    # of a 100,000-practice corpus for nothing (see docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"]["TEST"].setdefault(
        "NAME", env_str("DJANGO_TEST_DATABASE", default="test_glo_act_cop")
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "cop",
    "countries",
    "practices",
    "ninja",  # the API's interactive docs (Swagger UI) from its static files
    "practices.api",
]
if IS_POSTGRES:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("taggit"), "django.contrib.postgres")

MIDDLEWARE = [
    # First, so every line logged while handling a request names it.
    "cop.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Static files come compressed from whitenoise, before GZip; pages are compressed by GZip
    # after every middleware below has written its part of the response.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cop.urls"
WSGI_APPLICATION = "cop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cop.context_processors.site",
                "cop.members.context_processors.account",
            ],
        },
    },
]

# Accounts. Axes comes first so a locked-out client is refused before any password is checked;
# members sign in with their username or their e-mail address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cop.members.auth_backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "cop:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TAGGIT_CASE_INSENSITIVE = True

# Tasks (django-tasks): work that leaves the request, e-mail first. The database backend keeps
# the queue in the site's own database (SQLite or PostgreSQL), worked by `manage.py db_worker`,
# which `make run` starts beside gunicorn. "immediate" runs each task at once in the process
# that queued it (no worker needed; what `make dev` uses).
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("DJANGO_TASKS_BACKEND", default="database")
if _task_backend not in _task_backends:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND={_task_backend!r} is not a task backend; "
        f"use one of: {', '.join(_task_backends)}."
    )
TASKS = {"default": {"BACKEND": _task_backends[_task_backend], "QUEUES": ["default"]}}

# E-mail: every message is queued as a task (cop.mail.QueuedEmailBackend); the worker delivers
# it through the console in development, or SMTP when EMAIL_HOST is set, retrying a failure.
EMAIL_BACKEND = "cop.mail.QueuedEmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", default="")
if EMAIL_HOST:
    COP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", default=587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    COP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds to wait for the mail server before an attempt counts as failed.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10, minimum=1)
# A failed delivery is tried again after COP_EMAIL_RETRY_DELAY seconds, then 4×, 16×… as long,
# up to COP_EMAIL_MAX_ATTEMPTS attempts in all (defaults: 1, 4, 16, 64 minutes: about 1.5 hours).
COP_EMAIL_MAX_ATTEMPTS = env_int("DJANGO_EMAIL_MAX_ATTEMPTS", default=5, minimum=1)
COP_EMAIL_RETRY_DELAY = env_int("DJANGO_EMAIL_RETRY_DELAY", default=60, minimum=0)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="GLO.ACT CoP <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address the Contact page gives for the coordinators; unset, the page says there is none.
COP_CONTACT_EMAIL = env_str("COP_CONTACT_EMAIL", default="").strip()
if COP_CONTACT_EMAIL:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(COP_CONTACT_EMAIL)
    except ValidationError as exc:
        raise ImproperlyConfigured(
            f"COP_CONTACT_EMAIL={COP_CONTACT_EMAIL!r} is not an e-mail address; use e.g. "
            "coordinators@example.org, or leave it unset."
        ) from exc
EMAIL_SUBJECT_PREFIX = "[GLO.ACT CoP] "

# The site's own address, for links in e-mails sent outside a request (approvals, digests).
# Without DJANGO_SITE_URL it is the first named host of ALLOWED_HOSTS; on this machine, with the
# port the site is served on (PORT, as `make run` and most hosting platforms set it).
_first_host = next(
    (h.lstrip(".") for h in ALLOWED_HOSTS if h not in {"*", ""} and "*" not in h), "localhost"
)
_port = env_int("PORT", default=8000, minimum=1)
SITE_URL = env_str(
    "DJANGO_SITE_URL",
    default=(
        f"http://{_first_host}:{_port}"
        if _first_host in {"127.0.0.1", "localhost"}
        else f"{'https' if env_bool('DJANGO_HTTPS', default=False) else 'http'}://{_first_host}"
    ),
).rstrip("/")
if urlsplit(SITE_URL).scheme not in {"http", "https"} or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL={SITE_URL!r} is not a site address; use e.g. https://cop.example.org"
    )

# One cache per process is enough for the application rate limit. Sign-in lockouts do not use
# it: django-axes keeps failed attempts in the database, shared by every worker.
# One cache for sessions, rate limits and facet counts, shared by all gunicorn workers: Redis
# (REDIS_URL) or a folder on disk (DJANGO_CACHE_DIR, what `make run` uses). Without either each
# process keeps its own, which is right for the single-process development server and tests.
_redis_url = env_str("REDIS_URL", default="")
if _redis_url:
    if not _redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL={_redis_url!r} is not a Redis URL; use redis://HOST:6379/0."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "glo-act-cop",
        }
    }
elif env_str("DJANGO_CACHE_DIR", default=""):
    # Several gunicorn workers on one machine without Redis share a cache on disk.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(env_str("DJANGO_CACHE_DIR", default="")).resolve()),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "glo-act-cop",
        }
    }
# Sessions are read from the cache and written through to the database: one query less on
# every signed-in page, and nothing lost when the cache is emptied.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# How many reverse proxies stand in front of the site and append to X-Forwarded-For. 0 (the
# default) trusts only the connection's address, so a client cannot forge its way past limits.
try:
    PROXY_COUNT = int(env_str("DJANGO_PROXY_COUNT", default="0"))
except ValueError as exc:
    raise ImproperlyConfigured("DJANGO_PROXY_COUNT must be a whole number (0, 1, 2…).") from exc
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_PROXY_COUNT must be 0 or more.")

# Membership applications: at most this many per client address in the window.
COP_APPLICATION_RATE_LIMIT = 3
COP_APPLICATION_RATE_WINDOW = timedelta(hours=1)

# Sign-in lockout (django-axes): five failures for one username from one address lock that
# pair out for 15 minutes; a success clears the count. Locking the pair rather than the address
# keeps a whole ministry behind one NAT from being locked out by one person's typos.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "cop.ratelimit.client_ip"
AXES_VERBOSE = False
# Failures count per account, whatever spelling of its username or e-mail address is typed; and
# one address that fails on this many different accounts within the cool-off time is paused.
AXES_USERNAME_CALLABLE = "cop.members.auth_backends.lockout_username"
AXES_HANDLER = "cop.members.auth_backends.SignInLockoutHandler"
COP_SIGN_IN_ACCOUNTS_PER_ADDRESS = 10

# Content Security Policy: everything comes from this site; no inline scripts or styles, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    },
}

# Security headers: always on; the HTTPS-only ones when the site is served over HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
HTTPS = env_bool("DJANGO_HTTPS", default=False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers ask for the health URL over plain HTTP, behind the TLS they terminate.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env_str("DJANGO_HSTS_SECONDS", default="31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

PRACTICES_PER_PAGE = 20

# The read API (/api/v1/): requests per window with a personal token (per token), and without
# one (per client address, see DJANGO_PROXY_COUNT). The data package of everything public is
# written by `manage.py build_datapackage` to DATA_PACKAGE_PATH and served from the API.
API_RATE_LIMIT_TOKEN = 600
API_RATE_LIMIT_ADDRESS = 120
API_RATE_WINDOW = timedelta(minutes=1)
DATA_PACKAGE_PATH = Path(
    env_str("DJANGO_DATA_PACKAGE_PATH", default=str(BASE_DIR / "var" / "glo-act-data.zip"))
).resolve()

# Logs go to standard error (gunicorn and the task worker write there; a service manager or
# container platform collects it), each line with time, level, logger and the request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "cop.logging.RequestFilter"}},
    "formatters": {"site": {"format": LOG_FORMAT}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "site",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Error tracking (Sentry or compatible), only when SENTRY_DSN is set.
SENTRY_DSN = env_str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from cop.error_tracking import init_error_tracking

    try:
        _traces = float(env_str("SENTRY_TRACES_SAMPLE_RATE", default="0"))
    except ValueError:
        _traces = -1.0
    if not 0 <= _traces <= 1:
        raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1.")
    init_error_tracking(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=_traces,
    )
