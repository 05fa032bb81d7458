"""The health URL for load balancers and monitors: can this process reach its database and cache?

It answers 200 when both answer and 503 naming the part that did not, never from a cache and
without details (an error message can hold a host name or a password); the reason is logged.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    key = f"health-{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=10)
    try:
        return cache.get(key) == "ok"
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


@never_cache
@require_safe
def health(request):
    parts = {}
    for name, check in CHECKS.items():
        try:
            healthy = check()
        except Exception:
            logger.exception("Health check: the %s does not answer.", name)
            healthy = False
        parts[name] = "ok" if healthy else "unavailable"
    healthy = all(state == "ok" for state in parts.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **parts}, status=200 if healthy else 503
    )
