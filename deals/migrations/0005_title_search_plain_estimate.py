"""The title search keeps to its trigram index however ANALYZE samples the titles.

PostgreSQL estimates a `LIKE '%...%'` on the indexed expression from its histogram when that has
at least 100 bounds: where a sampled bound happened to contain the term, it took the term for
common and walked a user's whole list newest first instead (seen in tests/supportdesk/
test_query_plans.py, once in a few runs; with finer statistics, every time). A histogram of
under 100 bounds leaves it the estimate by the term's fixed characters, which a searched phrase
rarely fails. PostgreSQL only, like the index.
"""

from django.db import migrations

INDEX = "deals_deal_title_search"


def coarse_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS 50")


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("deals", "0004_list_by_category_newest_first")]

    operations = [migrations.RunPython(coarse_statistics, default_statistics)]
