"""The machine-readable value of `<time datetime="…">`, valid HTML for dates and moments.

Django's `|date:"c"` writes microseconds (2026-11-25T14:16:16.123456+00:00), which HTML does not
accept (at most three digits of a second); every `<time>` of the site uses this filter instead.
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value):
    """A date as YYYY-MM-DD; a moment as YYYY-MM-DDTHH:MM:SS±HH:MM in the current time zone."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
