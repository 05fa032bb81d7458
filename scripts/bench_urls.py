"""The benchmark server's URLs: the whole site, plus a bare view to measure against.

The bare view goes through the same middleware as every page but does no work of its own, so a
page's time divided by the bare view's time says how much the page itself costs, on any machine.
This URLconf is used only by the benchmark (scripts.bench_settings), never in production.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("cop.urls")),
]
