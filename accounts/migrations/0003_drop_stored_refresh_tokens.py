"""Drop the tables where simplejwt's blacklist app kept every refresh token in full: a copy of
one from there refreshed. Sign-in sessions keep only token ids; tokens issued before this
migration no longer refresh, and their users log in again."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_sign_in_sessions"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS token_blacklist_blacklistedtoken",
                "DROP TABLE IF EXISTS token_blacklist_outstandingtoken",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
