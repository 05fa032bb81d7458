"""Applications say why in at most 3,000 characters (the form says so, the model checks it)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0004_application_message_to_applicant"),
    ]

    operations = [
        migrations.AlterField(
            model_name="membershipapplication",
            name="motivation",
            field=models.TextField(
                max_length=3000,
                validators=[django.core.validators.MaxLengthValidator(3000)],
                verbose_name="why you want to join",
            ),
        ),
    ]
