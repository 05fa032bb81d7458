"""Django admin: every changelist and change form loads for a superuser."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from practices.models import Practice
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(username="root-admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_every_changelist_add_and_change_form_loads(superuser_client, world):
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = superuser_client.get(changelist)
        assert response.status_code == 200, changelist
        if model_admin.has_add_permission(_request(superuser_client)):
            add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
            assert superuser_client.get(add).status_code == 200, add
        obj = model._default_manager.first()
        if obj is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert superuser_client.get(change).status_code == 200, change


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = UserFactory(username="root-admin")
    return request


def test_changelist_search_and_filters_work(superuser_client, world):
    url = reverse("admin:practices_practice_changelist")
    response = superuser_client.get(url, {"q": "WhatsApp", "status__exact": "published"})
    assert "WhatsApp groups keep trainees connected" in response.content.decode()


def test_publish_and_archive_actions(superuser_client, world):
    draft = PracticeFactory(slug="a-draft", status=Practice.Status.DRAFT, published_at=None)
    url = reverse("admin:practices_practice_changelist")
    superuser_client.post(url, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Practice.Status.PUBLISHED and draft.published_at
    superuser_client.post(url, {"action": "archive_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Practice.Status.ARCHIVED
    # Archived: gone from the public site; admins still open it (with its history).
    assert Client().get("/practices/a-draft/").status_code == 404
    assert superuser_client.get("/practices/a-draft/").status_code == 200
