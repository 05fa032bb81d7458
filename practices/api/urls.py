"""/api/v1/: the readable docs, and the API itself (with its OpenAPI description and explorer)."""

from django.urls import path

from practices.api import docs_views
from practices.api.api import api

urlpatterns = [
    path("docs", docs_views.docs, name="api-docs"),
    path("", api.urls),
]
