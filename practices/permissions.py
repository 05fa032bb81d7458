"""Who may see which practice: the one place views ask.

Listings, search, exports and feeds start from `visible_practices(user)`; a single practice is
loaded through `get_practice_for_user`, which answers 404 rather than revealing that it exists.
"""

from django.http import Http404

from practices.models import Practice


def visible_practices(user):
    """Practices this user may read in listings, search, feeds and counts."""
    return Practice.objects.visible_to(user)


def get_practice_for_user(user, slug, queryset=None):
    """Load one practice the user may read, or raise Http404."""
    base = queryset if queryset is not None else Practice.objects.all()
    try:
        return base.visible_to(user).get(slug=slug)
    except Practice.DoesNotExist:
        raise Http404("No practice here.") from None
