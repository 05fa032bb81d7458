"""`{% aria_current url %}`: marks the navigation link of the page being read.

Links compare reversed URLs (`{% url 'practices:list' as practices_url %}`), never paths typed
in the template; `within=True` also marks the link on every page under it (/practices/…).
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, url, *, within=False):
    """` aria-current="page"` if the request is for `url` (or under it, with within=True)."""
    path = getattr(context.get("request"), "path", None)
    if path is not None and (path == url or (within and path.startswith(url))):
        return mark_safe(' aria-current="page"')
    return ""
