import uuid

import django.utils.timezone
from django.db import migrations, models


def give_each_event_an_id(apps, schema_editor):
    """One statement, not one a row: the table may be large."""
    random_id = {
        "postgresql": "gen_random_uuid()",
        "sqlite": "lower(hex(randomblob(16)))",
    }[schema_editor.connection.vendor]
    schema_editor.execute(
        f"UPDATE monitoring_errorevent SET event_id = {random_id} WHERE event_id IS NULL"
    )


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
