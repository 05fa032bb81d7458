"""Tests of practices/api/: the read API, its tokens, its data package."""

from django.urls import reverse


def api_url(name, **kwargs):
    """An endpoint of the API by its URL name: api_url("practice_detail", slug="x")."""
    return reverse(f"api-v1:{name}", kwargs=kwargs or None)
