"""The roles' groups, as migrations make them (cop/0003_roles, cop/0007): permissions on the
member side of `cop` only; what a role may do with practices is asked of practices.permissions."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection

COORDINATOR_PERMISSIONS = {
    "cop.view_membershipapplication",
    "cop.change_membershipapplication",
    "cop.view_memberprofile",
}


def _run(migration, function):
    module = importlib.import_module(f"cop.migrations.{migration}")
    getattr(module, function)(apps, SimpleNamespace(connection=connection))


def _granted(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_roles_migration_works_on_a_fresh_database_and_twice():
    # As on a fresh database: no groups, and no permissions yet (post_migrate has not run).
    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label="cop").delete()

    _run("0003_roles", "create_roles")
    _run("0003_roles", "create_roles")

    assert _granted(Group.objects.get(name="Member")) == set()
    assert _granted(Group.objects.get(name="Coordinator")) == COORDINATOR_PERMISSIONS
    assert Permission.objects.filter(codename="change_membershipapplication").count() == 1


@pytest.mark.django_db
def test_roles_grant_no_permission_on_practices(member, coordinator):
    assert coordinator.has_perm("cop.change_membershipapplication")
    assert not member.has_perm("cop.change_membershipapplication")
    for user in (member, coordinator):
        assert not any(p.startswith("practices.") for p in user.get_all_permissions())


@pytest.mark.django_db
def test_upgrade_takes_practice_permissions_from_the_roles_and_keeps_the_rest(coordinator):
    # A database migrated before: the roles hold the practice permissions 0003 once granted.
    member_group, coordinator_group = (Group.objects.get(name=n) for n in ("Member", "Coordinator"))
    on_practices = Permission.objects.filter(content_type__app_label="practices")
    practice = {p.codename: p for p in on_practices}
    member_group.permissions.add(practice["add_practice"])
    coordinator_group.permissions.add(
        practice["add_practice"], practice["change_practice"], practice["view_practice"]
    )
    editors = Group.objects.create(name="Editors")
    editors.permissions.add(practice["change_practice"])

    _run("0007_roles_without_practice_permissions", "remove_practice_permissions")

    assert _granted(member_group) == set()
    assert _granted(coordinator_group) == COORDINATOR_PERMISSIONS
    # Only the roles lose them: the permissions stay, and another group keeps its own.
    assert _granted(editors) == {"practices.change_practice"}
    assert coordinator.has_perm("cop.change_membershipapplication")
