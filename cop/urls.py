"""The site's URLs: each app's pages, the admin, and the error pages."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cop import health, views
from cop.members import urls as members_urls
from practices.browse import urls as browse
from practices.browse.sitemaps import SITEMAPS
from practices.curation import urls as curation_urls

# The admin carries the knowledge base's name, not "Django administration".
admin.site.site_header = _("GLO.ACT Community of Practice: curators' admin")
admin.site.site_title = _("GLO.ACT CoP admin")
admin.site.index_title = _("Content, members and tasks")

cop_patterns = [
    # Home, the objectives and an event's page show practices: practices.browse serves them.
    *browse.programme_patterns,
    path("events/", views.event_list, name="events"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
]

urlpatterns = [
    path("", include((cop_patterns, "cop"))),
    path("", include("practices.urls")),
    path("", include((members_urls.account_patterns, "accounts"))),
    # One area, one namespace: the practices' curation pages and the applications to join.
    path(
        "curation/",
        include((curation_urls.urlpatterns + members_urls.curation_patterns, "curation")),
    ),
    path("countries/", include((browse.country_patterns, "countries"))),
    path("api/v1/", include("practices.api.urls")),
    path("account/api-tokens/", include("practices.api.account_urls")),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
