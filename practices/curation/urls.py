"""The coordinators' pages, under /curation/ (namespace `curation:`)."""

from django.urls import path

from practices.curation import tags, views

app_name = "curation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("practices/<slug:slug>/", views.review, name="review"),
    path("practices/<slug:slug>/decide/", views.decide, name="decide"),
    path("practices/<slug:slug>/archive/", views.archive, name="archive"),
    path("practices/<slug:slug>/feature/", views.feature, name="feature"),
    path("practices/<slug:slug>/unfeature/", views.unfeature, name="unfeature"),
    path("practices/<slug:slug>/versions/", views.version_list, name="versions"),
    path("practices/<slug:slug>/versions/<int:number>/", views.version_detail, name="version"),
    path(
        "practices/<slug:slug>/versions/<int:number>/restore/",
        views.version_restore,
        name="restore",
    ),
    path("revisions/<int:pk>/", views.revision_detail, name="revision"),
    path("revisions/<int:pk>/decide/", views.decide, name="revision_decide"),
    path("tags/", tags.tag_list, name="tags"),
    path("tags/<int:pk>/rename/", tags.tag_rename, name="tag_rename"),
    path("tags/merge/", tags.tag_merge, name="tag_merge"),
]
