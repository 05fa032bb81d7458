"""The groups Member and Coordinator, with their permissions on the member side of `cop`.

What members and coordinators may do with practices is decided by practices.permissions from
the groups' names, not by Django permissions; so no `practices` permission is granted here (an
earlier version did: cop/0007 removes those grants from existing databases).

Permissions are normally created after migrations (post_migrate), so on a fresh database they do
not exist yet when this runs: they are fetched or created here against their content types,
with the names Django would give them, so the later post_migrate finds them and adds nothing.
"""

from django.db import migrations

MEMBER = "Member"
COORDINATOR = "Coordinator"

# (app label, model, verbose name, action) for each group.
ROLE_PERMISSIONS = {
    MEMBER: [],
    COORDINATOR: [
        ("cop", "membershipapplication", "membership application", "view"),
        ("cop", "membershipapplication", "membership application", "change"),
        ("cop", "memberprofile", "member profile", "view"),
    ],
}


def create_roles(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(db).get_or_create(name=group_name)
        for app_label, model, verbose_name, action in permissions:
            content_type, _created = ContentType.objects.using(db).get_or_create(
                app_label=app_label, model=model
            )
            permission, _created = Permission.objects.using(db).get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cop", "0002_members_applications_notifications"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
