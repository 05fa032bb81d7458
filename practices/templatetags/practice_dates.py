"""`{% date_range start end %}`: an event's dates as short text in <time> elements."""

from django import template

from practices.dating import date_range_html

register = template.Library()


@register.simple_tag
def date_range(start, end):
    return date_range_html(start, end)
