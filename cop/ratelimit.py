"""Who is asking, and how often: the client's address and a simple per-address rate limit.

Both django-axes (sign-in lockouts) and the membership application form ask `client_ip`, so a
client is the same client everywhere. Behind reverse proxies set DJANGO_PROXY_COUNT: only then
is X-Forwarded-For trusted, and only the entries the proxies themselves appended.
"""

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.PROXY_COUNT <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    # Each proxy appends the address it received from; the client's is PROXY_COUNT from the end.
    if len(forwarded) >= settings.PROXY_COUNT:
        return forwarded[-settings.PROXY_COUNT]
    return remote


class RateLimit:
    """At most `limit` hits per `window` for one key (e.g. one client address).

    A fixed window that starts with the first hit; counters live in Django's cache.
    """

    def __init__(self, name, *, limit, window):
        self.name = name
        self.limit = limit
        self.window = window

    def _key(self, ident):
        return f"cop:ratelimit:{self.name}:{ident}"

    def is_exceeded(self, ident):
        return cache.get(self._key(ident), 0) >= self.limit

    def hit(self, ident):
        key = self._key(ident)
        timeout = int(self.window.total_seconds())
        if cache.add(key, 1, timeout):
            return
        try:
            cache.incr(key)
        except ValueError:
            # The window closed between add() and incr(): this hit opens the next one.
            cache.add(key, 1, timeout)
