"""A cache for the expensive, shared parts of a listing: facet counts and result totals.

Counting every facet over a large corpus is the costliest part of a listing page, and many
readers ask the same questions. Entries are keyed by the audience (what the reader may see),
the search text and the filters, and by a generation that every write to a practice renews
(`practices.search.reindex` calls `invalidate()` once the write has committed), so a cached
count never outlives the data it counted — across workers too when REDIS_URL is set; with the
per-process default cache other workers may lag by at most TIMEOUT seconds.
"""

import hashlib
import json
import uuid

from django.core.cache import cache
from django.utils.translation import get_language

from practices.permissions import listing_audience

GENERATION_KEY = "practices:listing:generation"
TIMEOUT = 300


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def invalidate():
    """Forget every cached count: called after any write that changes what listings show."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def key(kind, *, user, query, data):
    state = {
        "language": get_language(),
        "audience": listing_audience(user),
        "query": query,
        "filters": sorted((k, sorted(v)) for k, v in data.lists() if k not in ("page", "sort")),
    }
    digest = hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()
    return f"practices:listing:{_generation()}:{kind}:{digest}"


def get_or_compute(kind, compute, *, user, query, data):
    cache_key = key(kind, user=user, query=query, data=data)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value
