"""/account/api-tokens/: creating and revoking personal API tokens (POST only)."""

from django.urls import path

from practices.api import account_views

app_name = "api_tokens"

urlpatterns = [
    path("", account_views.token_create, name="create"),
    path("<int:pk>/revoke/", account_views.token_revoke, name="revoke"),
]
