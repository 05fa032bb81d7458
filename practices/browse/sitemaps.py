"""sitemap.xml: the public pages search engines may index."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cop.models import Event, Objective
from countries.models import Country
from practices.permissions import visible_practices


class PracticeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        # Only what an anonymous visitor may read.
        return visible_practices(AnonymousUser()).order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ObjectSitemap(Sitemap):
    changefreq = "monthly"

    def __init__(self, model, ordering):
        self.model = model
        self.ordering = ordering

    def items(self):
        return self.model.objects.order_by(self.ordering)


class StaticSitemap(Sitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return ["cop:home", "practices:list", "cop:objectives", "countries:list", "cop:events",
                "practices:tags", "cop:about", "cop:privacy", "cop:contact"]  # fmt: skip

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticSitemap(),
    "practices": PracticeSitemap(),
    "objectives": ObjectSitemap(Objective, "number"),
    "countries": ObjectSitemap(Country, "name"),
    "events": ObjectSitemap(Event, "-start_date"),
}
