"""Create the demo account that `make run` documents, once; a second run changes nothing."""

from django.core.management.base import BaseCommand

from accounts.models import User

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - a documented local-only demo account


class Command(BaseCommand):
    help = "Create the demo user (demo@example.com) when it does not exist."

    def handle(self, *args: object, **options: object) -> None:
        if User.objects.filter(email=DEMO_EMAIL).exists():
            self.stdout.write(f"Demo user {DEMO_EMAIL} already exists.")
            return
        User.objects.create_user(email=DEMO_EMAIL, password=DEMO_PASSWORD, name="Demo User")
        self.stdout.write(f"Created demo user {DEMO_EMAIL} with password {DEMO_PASSWORD}.")
