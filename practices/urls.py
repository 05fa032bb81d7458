from django.urls import path

from practices import contribute_views, views
from practices.feeds import PracticeFeed

app_name = "practices"

urlpatterns = [
    path("practices/", views.practice_list, name="list"),
    path("practices/export.csv", views.export_csv, name="export-csv"),
    path("practices/export.json", views.export_json, name="export-json"),
    path("feeds/practices/", PracticeFeed(), name="feed"),
    # Before "practices/<slug>/", so that these names are never read as a practice's slug.
    path("practices/new/", contribute_views.practice_new, name="new"),
    path("practices/mine/", contribute_views.my_practices, name="mine"),
    path("practices/<slug:slug>/edit/", contribute_views.practice_edit, name="edit"),
    path("practices/<slug:slug>/submit/", contribute_views.practice_submit, name="submit"),
    path("practices/<slug:slug>/", views.practice_detail, name="detail"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
]
