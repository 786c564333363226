"""A trigram index for the deal list's title search (`?search=`, a case-insensitive substring),
so that the search reads the index instead of every deal. PostgreSQL only: SQLite, the embedded
default, has no such index and no tables that large.

Built CONCURRENTLY, so that applying it to a big table does not block writes.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "deals_deal_title_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The expression is the one Django's `icontains` compares: UPPER("title"::text) LIKE ...
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON deals_deal "
            "USING gin (UPPER(title::text) gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("deals", "0002_list_by_owner_newest_first")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
