"""Separate what a coordinator keeps for coordinators from what the applicant is e-mailed.

A decline's reason was always e-mailed to the applicant: it moves to the new message field. An
approval's comment was labelled "kept with the application": it stays an internal note.
"""

from django.conf import settings
from django.db import migrations, models


def move_decline_reasons(apps, schema_editor):
    application = apps.get_model("cop", "MembershipApplication")
    for row in application.objects.filter(status="declined").only("pk", "decision_comment"):
        application.objects.filter(pk=row.pk).update(
            applicant_message=row.decision_comment, decision_comment=""
        )


def restore_decline_reasons(apps, schema_editor):
    application = apps.get_model("cop", "MembershipApplication")
    for row in application.objects.filter(status="declined").only("pk", "applicant_message"):
        application.objects.filter(pk=row.pk).update(decision_comment=row.applicant_message)


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0003_roles"),
        ("countries", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membershipapplication",
            name="membership_application_decline_has_reason",
        ),
        migrations.AddField(
            model_name="membershipapplication",
            name="applicant_message",
            field=models.TextField(
                blank=True,
                help_text="Sent to the applicant by e-mail with the decision.",
                verbose_name="message to the applicant",
            ),
        ),
        migrations.AlterField(
            model_name="membershipapplication",
            name="decision_comment",
            field=models.TextField(
                blank=True,
                help_text="Kept with the application for coordinators; never sent to the applicant.",
                verbose_name="internal note",
            ),
        ),
        migrations.RunPython(move_decline_reasons, restore_decline_reasons),
        migrations.AddConstraint(
            model_name="membershipapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "declined"), _negated=True),
                    models.Q(("applicant_message", ""), _negated=True),
                    _connector="OR",
                ),
                name="membership_application_decline_has_reason",
                violation_error_message="Say why the application is declined.",
            ),
        ),
    ]
