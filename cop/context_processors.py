"""Data every page's layout needs (the account menu's is in cop.members.context_processors)."""

from django.conf import settings


def site(request):
    return {"site_name": "GLO.ACT Community of Practice", "debug": settings.DEBUG}
