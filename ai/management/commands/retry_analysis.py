"""Re-queue one failed analysis; it holds tokens again and is charged only if it succeeds."""

from django.core.management.base import BaseCommand, CommandError

from ai.services import analysis_retry
from errors import exceptions as app_errors


class Command(BaseCommand):
    help = "Re-queue a failed analysis by id (a new hold; charged once, only on success)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("analysis_id", type=int)

    def handle(self, *args: object, analysis_id: int, **options: object) -> None:
        try:
            analysis = analysis_retry(analysis_id=analysis_id)
        except app_errors.AppError as error:
            raise CommandError(f"{error.code}: {error.message}") from error
        self.stdout.write(f"Analysis {analysis.pk} re-queued (status {analysis.status}).")
