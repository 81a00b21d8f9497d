"""Roles per meeting: a meeting's officers (presiding officers, secretaries), and a delegation's
mission administrators. The global `chair` group presided over every meeting; each of its members
becomes a presiding officer of every meeting that exists, and the group is removed."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def chairs_preside_where_they_could(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Meeting = apps.get_model("meetings", "Meeting")
    Officer = apps.get_model("accounts", "Officer")
    chair = Group.objects.filter(name="chair").first()
    if chair is None:
        return
    for user in chair.user_set.all():
        for meeting in Meeting.objects.all():
            Officer.objects.get_or_create(
                meeting=meeting, user=user, defaults={"office": "presiding"}
            )
    chair.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("meetings", "0002_documents_versions_announcements"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="focalpoint",
            name="administers",
            field=models.BooleanField(
                default=False,
                help_text="Invites and revokes the delegation's other focal points.",
                verbose_name="mission administrator",
            ),
        ),
        migrations.CreateModel(
            name="Officer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "office",
                    models.CharField(
                        choices=[
                            ("presiding", "Presiding officer"),
                            ("secretary", "Secretary of the meeting"),
                        ],
                        max_length=20,
                        verbose_name="office",
                    ),
                ),
                (
                    "assigned_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="assigned"
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="officers",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offices",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "officer of a meeting",
                "verbose_name_plural": "officers of meetings",
                "ordering": ["meeting", "office", "assigned_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("meeting", "user"), name="one_office_per_meeting"
                    )
                ],
            },
        ),
        migrations.RunPython(chairs_preside_where_they_could, migrations.RunPython.noop),
    ]
