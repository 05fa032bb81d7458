"""Data every page's layout needs."""

from django.conf import settings


def site(request):
    return {"site_name": "GLO.ACT Community of Practice", "debug": settings.DEBUG}
