"""Create the demo account that `make run` documents, with its signup bonus; idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from tokens.services import signup_bonus_grant

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - a documented local-only demo account


class Command(BaseCommand):
    help = "Create the demo user (demo@example.com) with its signup bonus, unless it exists."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            user = User.objects.filter(email=DEMO_EMAIL).first()
            created = user is None
            if created:
                user = User.objects.create_user(
                    email=DEMO_EMAIL, password=DEMO_PASSWORD, name="Demo User"
                )
                # Once, when the account is made: a later start with another
                # SIGNUP_BONUS_TOKENS leaves the demo user's ledger as it is.
                signup_bonus_grant(user=user)
        if created:
            self.stdout.write(f"Created demo user {DEMO_EMAIL} with password {DEMO_PASSWORD}.")
        else:
            self.stdout.write(f"Demo user {DEMO_EMAIL} already exists.")
