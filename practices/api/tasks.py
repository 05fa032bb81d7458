"""Rebuilding the data package outside the request (django-tasks; `manage.py db_worker`).

The package records which state of the content it was built from: the content version the
database advances on every write of practices (see practices.search.index). When the
package is asked for and the content has changed since, a rebuild is queued (at most one a
minute) and the package at hand is served meanwhile; the worker writes the new one in place.
"""

from django.core.cache import cache
from django_tasks import task

from practices import search
from practices.api import datapackage

QUEUED_KEY = "api:datapackage:queued"
QUEUE_AT_MOST_EVERY = 60  # seconds


def content_version():
    """A string that changes whenever practices are written (one small query)."""
    return search.content_version()


def is_stale(path):
    try:
        return datapackage.version_path(path).read_text() != content_version()
    except FileNotFoundError:
        return True


def enqueue_rebuild():
    """Queue one rebuild, unless one was queued in the last minute."""
    if cache.add(QUEUED_KEY, True, QUEUE_AT_MOST_EVERY):
        rebuild_datapackage.enqueue()


@task()
def rebuild_datapackage():
    version = content_version()
    path = datapackage.build(version=version)
    cache.delete(QUEUED_KEY)
    return {"path": str(path), "version": version}
