"""Server-side timing for the benchmark: how long Django took, and how many queries it ran.

Only the benchmark's settings (scripts.bench_settings) install this middleware, first in the
chain, so the time covers every other middleware and the view; the part of it spent waiting
for the database is reported too. A streamed response (the CSV
export) is produced in full here, so that its time and queries count too. A request with the
header `X-Bench-Cold: 1` first empties the caches (sessions, the database's own caches stay),
to time what a first reader pays.
"""

import time

from django.core.cache import caches
from django.db import connection


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries, in_sql = 0, 0.0

        def count(execute, sql, params, many, context):
            nonlocal queries, in_sql
            queries += 1
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                in_sql += time.perf_counter() - started

        if request.headers.get("X-Bench-Cold"):
            for cache in caches.all():
                cache.clear()
        start = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
            if response.streaming:
                response.streaming_content = [b"".join(response.streaming_content)]
        elapsed_ms = (time.perf_counter() - start) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.3f}, sql;dur={in_sql * 1000:.3f}"
        response["X-Query-Count"] = str(queries)
        return response
