import uuid

import django.utils.timezone
from django.db import migrations, models


def give_each_event_an_id(apps, schema_editor):
    ErrorEvent = apps.get_model("monitoring", "ErrorEvent")
    for pk in ErrorEvent.objects.filter(event_id__isnull=True).values_list("pk", flat=True):
        ErrorEvent.objects.filter(pk=pk).update(event_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="errorevent",
            name="event_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_event_an_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="errorevent",
            name="event_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="errorevent",
            name="analysis_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="errorevent",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
    ]
