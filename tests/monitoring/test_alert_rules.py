"""The operators' picture of the fleet: the alert rules pass promtool's check and its unit tests,
each alert names a runbook row that exists, and every expression of the Grafana dashboard and of
the alerts names a metric the application exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.test import Client

from tokens.selectors import reconciliation_record

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy/prometheus"
DASHBOARD = ROOT / "deploy/grafana/agentic-deals.json"
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "by", "without", "rate", "increase", "irate",
    "histogram_quantile", "time", "absent", "le", "and", "or", "unless", "on", "ignoring",
}  # fmt: skip


def promtool(*args: str) -> subprocess.CompletedProcess:
    assert shutil.which("promtool"), "promtool is missing: run scripts/ensure-promtool.sh"
    return subprocess.run(  # noqa: S603 - a fixed command line of our own
        ["promtool", *args],  # noqa: S607 - Debian's promtool, on PATH
        cwd=PROMETHEUS,
        capture_output=True,
        text=True,
        timeout=120,
    )


def alert_rules() -> list[dict]:
    groups = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def test_promtool_checks_the_rules() -> None:
    checked = promtool("check", "rules", "alerts.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_promtool_unit_tests_fire_each_alert_on_its_signal_and_not_otherwise() -> None:
    tested = promtool("test", "rules", "alerts.test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    covered = set(re.findall(r"alertname: (\w+)", (PROMETHEUS / "alerts.test.yml").read_text()))
    assert covered == {rule["alert"] for rule in alert_rules()}


def test_each_alert_names_a_runbook_row_that_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    runbook = readme[readme.index("### Runbook") :]
    rows = [line for line in runbook.splitlines() if line.startswith("| ")]
    for rule in alert_rules():
        assert rule["annotations"]["runbook"] == f"README.md#runbook {rule['alert']}"
        assert [row for row in rows if f"`{rule['alert']}`" in row.split("|")[1]], rule["alert"]


def metric_names(expression: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"|\[[^\]]*\]', "", expression)
    without_labels = re.sub(r"\{[^}]*\}", "", without_strings)
    without_grouping = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", without_labels)
    names = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", without_grouping))
    return {name for name in names if name not in PROMQL_WORDS}


@pytest.fixture
def exported(settings) -> set[str]:
    """Every sample name /metrics can carry: gauges as they are, counters ending in _total,
    histograms with _bucket, _sum and _count."""
    settings.METRICS_TOKEN = "metrics-token-123"
    reconciliation_record()  # as the hourly beat task does
    text = Client(HTTP_AUTHORIZATION="Bearer metrics-token-123").get("/metrics").content.decode()
    suffixes = {"histogram": ("_bucket", "_sum", "_count")}
    names = set()
    for name, kind in re.findall(r"^# TYPE (\S+) (\S+)$", text, flags=re.MULTILINE):
        if kind == "counter":
            names.add(name if name.endswith("_total") else f"{name}_total")
        else:
            names |= {name + suffix for suffix in suffixes.get(kind, ("",))}
    return names


@pytest.mark.django_db
def test_every_dashboard_and_alert_expression_names_an_exported_metric(
    exported: set[str],
) -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    expressions = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    expressions += [rule["expr"] for rule in alert_rules()]
    assert len(expressions) > 15
    used = set().union(*(metric_names(expression) for expression in expressions))
    assert used - exported == set()
    assert {"analysis_queue_depth", "analyses_in_flight", "ledger_drifted_accounts"} <= used


def test_the_name_reader_finds_metrics_and_skips_promql() -> None:
    expression = 'histogram_quantile(0.99, sum by (le) (rate(x_bucket{a="b"}[5m]))) > y'
    assert metric_names(expression) == {"x_bucket", "y"}
