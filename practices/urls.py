from django.urls import path

from practices import views
from practices.contribute.urls import urlpatterns as contribute_urls
from practices.feeds import PracticeFeed

app_name = "practices"

urlpatterns = [
    path("practices/", views.practice_list, name="list"),
    path("practices/export.csv", views.export_csv, name="export-csv"),
    path("practices/export.json", views.export_json, name="export-json"),
    path("feeds/practices/", PracticeFeed(), name="feed"),
    # Before "practices/<slug>/", so that these names are never read as a practice's slug.
    *contribute_urls,
    path("practices/<slug:slug>/", views.practice_detail, name="detail"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
]
