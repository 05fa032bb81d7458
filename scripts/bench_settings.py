"""Settings of the benchmark's server: the site's own settings, plus the bare view and timing.

The benchmark starts gunicorn with DJANGO_SETTINGS_MODULE pointing here; nothing else does, so
the production settings and URLs carry no benchmark code.
"""

from cop.settings import *  # noqa: F403
from cop.settings import MIDDLEWARE

ROOT_URLCONF = "scripts.bench_urls"
MIDDLEWARE = ["scripts.bench_middleware.TimingMiddleware", *MIDDLEWARE]
