"""How a practice's date is said: the day it was published on the site, or, for a practice
taken from an event's documents (which give no publication date), the dates of its event.

"20–21 May 2019", "30 April – 2 May 2019", "30 December 2019 – 2 January 2020": the shortest
range that repeats nothing, with month names in the active language.
"""

from django.utils.formats import date_format
from django.utils.html import format_html


def _range_parts(start, end):
    """(text of the start, text of the end) of a date range, or (text, None) for one day."""
    if start == end:
        return date_format(start, "j F Y"), None
    if (start.year, start.month) == (end.year, end.month):
        return date_format(start, "j"), date_format(end, "j F Y")
    if start.year == end.year:
        return date_format(start, "j F"), date_format(end, "j F Y")
    return date_format(start, "j F Y"), date_format(end, "j F Y")


def _separator(start, end):
    # A spaced dash where either side holds a space, as in "30 April – 2 May 2019".
    return "–" if (start.year, start.month) == (end.year, end.month) else " – "


def date_range_text(start, end):
    first, last = _range_parts(start, end)
    return first if last is None else f"{first}{_separator(start, end)}{last}"


def date_range_html(start, end):
    """The same, each end in its own <time datetime> so that machines read it too."""
    first, last = _range_parts(start, end)
    if last is None:
        return format_html('<time datetime="{}">{}</time>', start.isoformat(), first)
    return format_html(
        '<time datetime="{}">{}</time>{}<time datetime="{}">{}</time>',
        start.isoformat(),
        first,
        _separator(start, end),
        end.isoformat(),
        last,
    )


def date_range_iso(start, end):
    """ISO 8601: 2019-05-20/2019-05-21, or one date; for exports."""
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"
