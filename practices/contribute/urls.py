"""The contribution pages under /practices/ (namespace `practices:`, included by
`practices.urls` before the practice page, so that "new" and "mine" are never read as a slug)."""

from django.urls import path

from practices.contribute import views

urlpatterns = [
    path("practices/new/", views.practice_new, name="new"),
    path("practices/mine/", views.my_practices, name="mine"),
    path("practices/<slug:slug>/edit/", views.practice_edit, name="edit"),
    path("practices/<slug:slug>/submit/", views.practice_submit, name="submit"),
]
