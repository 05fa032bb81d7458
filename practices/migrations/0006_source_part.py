"""Where a practice comes from: a session, or the report's background, or the conclusions.

Existing rows keep their session unless they were filed under one that did not say them: the
recommendations of the conclusions document (filed under the closing session), and the three
practices the report tells in its background section. Practices loaded from the workshop data
file (no contributor, the file's fixed date) are dated by their event from now on. Running
`manage.py load_workshop` afterwards applies the rest of the corrected data file.
"""

import datetime as dt

from django.db import migrations, models

# Named in the report's background section, not in the session they were filed under.
BACKGROUND_SLUGS = [
    "virtual-reality-tool-on-organ-removal",
    "hackathons-and-mobile-apps",
    "iom-stakeholder-consultation-for-the-handbook",
]
# The date the data file gave every practice it loaded; no source gives a publication date.
FILE_DATE = dt.datetime(2019, 5, 21, 12, tzinfo=dt.UTC)


def forwards(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    Practice.objects.filter(slug__in=BACKGROUND_SLUGS, source_session__isnull=False).update(
        source_part="background", source_session=None, source_presentation=None
    )
    Practice.objects.filter(
        kind="recommendation", source_session__kind="conclusions", source_presentation=None
    ).update(source_part="conclusions", source_session=None)
    Practice.objects.filter(
        contributor=None, source_event__isnull=False, published_at=FILE_DATE
    ).update(dated_by_event=True)


def backwards(apps, schema_editor):
    """Nothing to undo: the columns that hold these values are dropped."""


class Migration(migrations.Migration):
    # Not one transaction: on PostgreSQL the rows updated by forwards() leave deferred foreign
    # key checks pending, and ALTER TABLE (adding the constraints) refuses to run until they are
    # done. RunPython commits its own transaction first.
    atomic = False
    dependencies = [
        ("practices", "0005_visible_ids_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="dated_by_event",
            field=models.BooleanField(
                default=False,
                help_text="For practices taken from an event's documents, which give no publication date: the site shows the event's dates instead of a publication date.",
                verbose_name="dated by its event",
            ),
        ),
        migrations.AddField(
            model_name="practice",
            name="source_part",
            field=models.CharField(
                choices=[
                    ("proceedings", "The event itself, one of its sessions or presentations"),
                    ("background", "The background section of the event's report"),
                    ("conclusions", "The event's conclusions document"),
                ],
                default="proceedings",
                help_text="Background and conclusions are parts of the event's documents, not sessions: choose one of them only with the source event and no session or presentation.",
                max_length=20,
                verbose_name="part of the source",
            ),
        ),
        migrations.AlterField(
            model_name="practice",
            name="objectives",
            field=models.ManyToManyField(
                blank=True, related_name="practices", to="cop.objective", verbose_name="objectives"
            ),
        ),
        migrations.RunPython(forwards, backwards, atomic=True),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("source_part__in", ["proceedings", "background", "conclusions"])
                ),
                name="practice_source_part_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("source_part", "proceedings"),
                    models.Q(
                        ("source_event__isnull", False),
                        ("source_presentation__isnull", True),
                        ("source_session__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="practice_source_part_coherent",
                violation_error_message="The background and the conclusions belong to an event and are not sessions: give the source event, and no session or presentation.",
            ),
        ),
        migrations.AddConstraint(
            model_name="practice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("dated_by_event", False), ("source_event__isnull", False), _connector="OR"
                ),
                name="practice_dated_by_event_has_event",
                violation_error_message="A practice dated by its event needs a source event.",
            ),
        ),
    ]
