"""Template helpers for the contribution and curation pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user):
    """A user's full name, else their username; a removed account says so."""
    if user is None:
        return _("a former member")
    return user.get_full_name() or user.get_username()
