from django.urls import include, path

from practices.browse import urls as browse
from practices.contribute.urls import urlpatterns as contribute_urls

app_name = "practices"

urlpatterns = [
    # Before the browse pages' "practices/<slug>/", so that these names are never read as a
    # practice's slug.
    *contribute_urls,
    path("", include(browse.practice_patterns)),
]
