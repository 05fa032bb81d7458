from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("practices/", views.practice_list, name="list"),
    path("practices/<slug:slug>/", views.practice_detail, name="detail"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
]
