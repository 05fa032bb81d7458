"""A practice's writer is its author, as the domain and the pages say (was `contributor`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0006_source_part"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="practice", old_name="contributor", new_name="author"),
        migrations.AlterField(
            model_name="practice",
            name="author",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="practices",
                to=settings.AUTH_USER_MODEL,
                verbose_name="author",
            ),
        ),
    ]
