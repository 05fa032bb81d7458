"""The groups Member and Coordinator no longer hold permissions on practices.

cop/0003_roles once granted them `practices` permissions that nothing checks (what a member or a
coordinator may do with practices is decided by practices.permissions, from the groups' names).
This takes those grants away in databases that have them; it needs no dependency on practices:
the permissions are found by their content type's app label.
"""

from django.db import migrations

ROLE_GROUPS = ["Member", "Coordinator"]


def remove_practice_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    through = Group.permissions.through
    through.objects.using(db).filter(
        group__name__in=ROLE_GROUPS, permission__content_type__app_label="practices"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cop", "0006_event_aims"),
    ]

    # Going back grants nothing again: the permissions were never checked.
    operations = [migrations.RunPython(remove_practice_permissions, migrations.RunPython.noop)]
