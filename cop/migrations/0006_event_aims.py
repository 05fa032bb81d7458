"""`Event.objectives_of_event` held the event's aims: it is called `aims` now (same column data)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0005_application_motivation_length"),
    ]

    operations = [
        migrations.RenameField(model_name="event", old_name="objectives_of_event", new_name="aims"),
    ]
