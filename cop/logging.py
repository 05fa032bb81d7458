"""Log lines that say when, how bad, where from and for which request.

`RequestLogMiddleware` remembers the current request's method and path in a context variable
(safe with threads and async); `RequestFilter` adds it to every record logged meanwhile as
`request_line` ("GET /practices/"), or "-" outside a request (the task worker, commands). The
query string is left out: it can hold what people searched for.
"""

import logging
from contextvars import ContextVar

_request_line = ContextVar("request_line", default="-")

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_line)s] %(message)s"


class RequestFilter(logging.Filter):
    def filter(self, record):
        record.request_line = _request_line.get()
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path.encode("unicode_escape").decode("ascii")[:300]
        token = _request_line.set(f"{request.method} {path}")
        try:
            return self.get_response(request)
        finally:
            _request_line.reset(token)
