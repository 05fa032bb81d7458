"""State changes of practices: each one a service function, in one transaction.

Admins publish and archive from Django admin through these functions, never by editing the
status by hand, so the publication date and the search index always follow.
"""

from django.db import transaction
from django.utils import timezone

from practices import search
from practices.models import Practice, Status


def admin_publish(*, practices, actor):
    """Publish the given practices that are not yet published; returns how many changed."""
    with transaction.atomic():
        changed = list(
            practices.exclude(status=Status.PUBLISHED)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        for practice in Practice.objects.filter(pk__in=changed):
            practice.status = Status.PUBLISHED
            practice.published_at = practice.published_at or now
            practice.full_clean()
            practice.save(update_fields=["status", "published_at", "updated_at"])
        search.reindex(changed)
    return len(changed)


def admin_archive(*, practices, actor):
    """Archive the given published practices; returns how many changed."""
    with transaction.atomic():
        changed = list(
            practices.filter(status=Status.PUBLISHED)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Practice.objects.filter(pk__in=changed).update(
            status=Status.ARCHIVED, updated_at=timezone.now()
        )
        search.reindex(changed)
    return len(changed)
