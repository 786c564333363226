"""List analyses for operators: `python manage.py analyses --failed --since 1h`."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ai.models import Analysis, AnalysisStatus

_SINCE = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class Command(BaseCommand):
    help = "List analyses (id, deal, status, error code, provider, attempts, finished)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--failed", action="store_true", help="only failed analyses")
        parser.add_argument("--since", default="24h", help="how far back: 30m, 1h, 2d")

    def handle(self, *args: object, failed: bool, since: str, **options: object) -> None:
        match = _SINCE.match(since)
        if match is None:
            raise CommandError("--since looks like 30m, 1h or 2d")
        cutoff = timezone.now() - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        analyses = Analysis.objects.filter(created_at__gte=cutoff).order_by("-created_at")
        if failed:
            analyses = analyses.filter(status=AnalysisStatus.FAILED)
        rows = 0
        for analysis in analyses.prefetch_related("attempts"):
            attempts = ", ".join(f"{a.provider}:{a.outcome}" for a in analysis.attempts.all())
            finished = analysis.finished_at.isoformat() if analysis.finished_at else "-"
            self.stdout.write(
                f"{analysis.pk}\tdeal {analysis.deal_id}\t{analysis.status}\t"
                f"{analysis.error_code or '-'}\t{analysis.provider or '-'}\t{finished}\t{attempts}"
            )
            rows += 1
        self.stdout.write(f"{rows} analysis(es) since {cutoff.isoformat()}")
