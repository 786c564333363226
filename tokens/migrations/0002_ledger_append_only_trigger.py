"""On PostgreSQL the database itself refuses UPDATE and DELETE of ledger rows.

TRUNCATE stays possible: it is an operator's act on the whole table (and how a test database is
emptied), not something a request or a bug in the code can do to one row.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tokens_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'token ledger rows are append-only (% refused); write a correcting entry', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tokens_ledger_append_only
    BEFORE UPDATE OR DELETE ON tokens_tokentransaction
    FOR EACH ROW EXECUTE FUNCTION tokens_ledger_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS tokens_ledger_append_only ON tokens_tokentransaction;
DROP FUNCTION IF EXISTS tokens_ledger_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("tokens", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
