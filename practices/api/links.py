"""Absolute links to the API and to the site's pages, every one of them reversed from its name.

A page of practices names hundreds of items: each URL name is reversed once, with a placeholder
for the slug, and the slug is put in its place for each item.
"""

from urllib.parse import quote, urlencode

from django.urls import reverse

SLUG_MARK = "slug-placeholder-0"


class Links:
    """Absolute links to the API and to the site, from one base address."""

    def __init__(self, base_url):
        self.base = base_url.rstrip("/")
        self._patterns = {}

    @classmethod
    def for_request(cls, request):
        return cls(f"{request.scheme}://{request.get_host()}")

    def _with_slug(self, name, slug):
        if name not in self._patterns:
            self._patterns[name] = self.base + reverse(name, kwargs={"slug": SLUG_MARK})
        return self._patterns[name].replace(SLUG_MARK, slug)

    def api(self, name, query=None, slug=None):
        """An endpoint of the API by its URL name (`practice_detail`), with a query string."""
        if slug is None:
            url = self.base + reverse(f"api-v1:{name}")
        else:
            # Slugs hold only letters, digits, "-" and "_" (see endpoints' `path_slug`).
            url = self._with_slug(f"api-v1:{name}", slug)
        return f"{url}?{urlencode(query, doseq=True)}" if query else url

    def page(self, name, slug):
        """A page of the site by its URL name (`practices:detail`) and slug, quoted as
        reverse() quotes it."""
        return self._with_slug(name, quote(slug))

    def site(self, path):
        """A path the site gave (a model's get_absolute_url()), made absolute."""
        return self.base + path

    def practices(self, **filters):
        """The practices filed under something: the API's list with that filter."""
        return self.api("practice_list", query=filters)
