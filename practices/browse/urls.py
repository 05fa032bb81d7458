"""The URLs practices.browse serves, in three lists for the three namespaces they keep.

`practice_patterns` (namespace practices:, included by practices/urls.py after the
contribution pages), `programme_patterns` (cop:, included by cop/urls.py) and
`country_patterns` (countries:, under /countries/).
"""

from django.urls import path

from practices.browse import pages, pinned, views
from practices.browse.feeds import PracticeFeed

practice_patterns = [
    path("practices/", views.practice_list, name="list"),
    path("practices/export.csv", views.export_csv, name="export-csv"),
    path("practices/export.json", views.export_json, name="export-json"),
    path("feeds/practices/", PracticeFeed(), name="feed"),
    path("practices/<slug:slug>/", views.practice_detail, name="detail"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<slug:slug>/", pinned.pinned_listing, {"facet": "tag"}, name="tag"),
]

programme_patterns = [
    path("", pages.home, name="home"),
    path("objectives/", pages.objective_list, name="objectives"),
    path(
        "objectives/<slug:slug>/", pinned.pinned_listing, {"facet": "objective"}, name="objective"
    ),
    path("events/<slug:slug>/", pages.event_detail, name="event"),
]

country_patterns = [
    path("", pages.country_list, name="list"),
    path("<slug:slug>/", pinned.pinned_listing, {"facet": "country"}, name="detail"),
]
