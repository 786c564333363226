"""The operators' picture of the fleet: the alert rules pass promtool's check and its unit tests,
each alert names a runbook row that exists, every expression of the Grafana dashboard and of the
alerts names a metric the application exports, and a real Prometheus and Alertmanager carry a
firing alert to Slack."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from tests.fakes.loopback import LoopbackFake, LoopbackHandler, LoopbackServer
from tests.fakes.webhook_server import FakeWebhook
from tests.support.server import Service, free_port, wait_until
from tokens.selectors import reconciliation_record

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy/prometheus"
DASHBOARD = ROOT / "deploy/grafana/agentic-deals.json"
ALERTMANAGER_CONFIG = ROOT / "deploy/alertmanager/alertmanager.yml"
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


def binary(*names: str) -> str:
    """The first of `names` on PATH (Debian and upstream name some binaries differently)."""
    for name in names:
        if found := shutil.which(name):
            return found
    raise AssertionError(f"{names[0]} is missing: run scripts/ensure-promtool.sh")


def test_amtool_checks_the_alertmanager_config() -> None:
    checked = subprocess.run(  # noqa: S603 - a fixed command line of our own
        [binary("amtool"), "check-config", str(ALERTMANAGER_CONFIG)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_slack_url_is_read_from_a_file_git_ignores() -> None:
    config = yaml.safe_load(ALERTMANAGER_CONFIG.read_text())
    slack = [each for receiver in config["receivers"] for each in receiver.get("slack_configs", [])]
    assert slack
    assert all(each["api_url_file"] == "slack_webhook_url" for each in slack)
    assert all("api_url" not in each for each in slack)
    assert "slack_api_url" not in (config.get("global") or {})
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "deploy/alertmanager/slack_webhook_url" in ignored


# What /metrics of a healthy fleet shows, but for `drifted` accounts that disagree with the ledger.
EXPOSITION = """\
# TYPE http_errors_total counter
http_errors_total{{status="500",code="SYSTEM_UNHANDLED_ERROR"}} 3
http_errors_total{{status="503",code="SYSTEM_DATABASE_UNAVAILABLE"}} 1
# TYPE rate_limiter_unavailable_total counter
rate_limiter_unavailable_total 2
# TYPE llm_breaker_state gauge
llm_breaker_state{{provider="openai"}} 0
# TYPE analysis_oldest_queued_age_seconds gauge
analysis_oldest_queued_age_seconds 12
# TYPE analyses_total counter
analyses_total{{status="failed"}} 4
# TYPE ledger_reconciled_timestamp_seconds gauge
ledger_reconciled_timestamp_seconds {now}
# TYPE ledger_drifted_accounts gauge
ledger_drifted_accounts {drifted}
"""
# Seconds: generous for a loaded machine; the whole run takes a few.
PATIENCE = 60


class _ExpositionHandler(LoopbackHandler):
    server: LoopbackServer[FakeExporter]

    def do_GET(self) -> None:
        body = EXPOSITION.format(now=time.time(), drifted=self.server.fake.drifted_accounts)
        self.send_body(200, body.encode(), "text/plain; version=0.0.4; charset=utf-8")


class FakeExporter(LoopbackFake):
    """The application's /metrics on 127.0.0.1, in Prometheus' text format, at any path."""

    handler_class = _ExpositionHandler

    def __init__(self, drifted_accounts: int) -> None:
        super().__init__()
        self.drifted_accounts = drifted_accounts


def start(stack: ExitStack, name: str, command: list[str], log: Path, ready_url: str) -> Service:
    """Run `command`, stopped when `stack` closes, once `ready_url` answers."""
    service = Service(name, command, {}, log)
    stack.callback(service.stop)

    def ready() -> bool:
        service.check_alive()
        try:
            with urllib.request.urlopen(ready_url, timeout=2):  # noqa: S310 - our loopback URL
                return True
        except OSError:  # refused, or 503 while it starts
            return False

    wait_until(ready, timeout=PATIENCE, what=f"{name} to be ready")
    return service


def start_alertmanager(stack: ExitStack, directory: Path, slack_url: str) -> tuple[Service, str]:
    """Alertmanager on a copy of our config with only its timing shortened, in `directory`."""
    config = yaml.safe_load(ALERTMANAGER_CONFIG.read_text())
    fast = {"group_wait": "1s", "group_interval": "1s", "repeat_interval": "1h"}
    assert set(fast) <= set(config["route"])
    config["route"] |= fast
    (directory / "alertmanager.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (directory / "slack_webhook_url").write_text(slack_url)
    address = f"127.0.0.1:{free_port()}"
    command = [
        # Alertmanager resolves api_url_file against its working directory, and Service runs
        # every process in the repository's root.
        "env",
        f"--chdir={directory}",
        binary("alertmanager", "prometheus-alertmanager"),
        "--config.file=alertmanager.yml",
        f"--storage.path={directory / 'data'}",
        f"--web.listen-address={address}",
        "--cluster.listen-address=",
    ]
    log = directory / "alertmanager.log"
    return start(stack, "alertmanager", command, log, f"http://{address}/-/ready"), address


def start_prometheus(
    stack: ExitStack, directory: Path, *, scrape: str, alertmanager: str
) -> tuple[Service, str]:
    """Prometheus evaluating our rules every second on what it scrapes from `scrape`."""
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(PROMETHEUS / "alerts.yml")],
        "alerting": {"alertmanagers": [{"static_configs": [{"targets": [alertmanager]}]}]},
        "scrape_configs": [{"job_name": "app", "static_configs": [{"targets": [scrape]}]}],
    }
    (directory / "prometheus.yml").write_text(yaml.safe_dump(config))
    address = f"127.0.0.1:{free_port()}"
    command = [
        binary("prometheus"),
        f"--config.file={directory / 'prometheus.yml'}",
        f"--storage.tsdb.path={directory / 'data'}",
        f"--web.listen-address={address}",
    ]
    log = directory / "prometheus.log"
    return start(stack, "prometheus", command, log, f"http://{address}/-/ready"), address


def test_a_firing_rule_reaches_slack_through_prometheus_and_alertmanager(tmp_path: Path) -> None:
    """Real Prometheus loads deploy/prometheus/alerts.yml, scrapes a fleet whose ledger drifted, and
    sends to a real Alertmanager on deploy/alertmanager/alertmanager.yml, whose slack_webhook_url
    file names the fake Slack. The copy of that config differs only in its timing fields
    (group_wait, group_interval, repeat_interval), so that the test takes seconds, not minutes."""
    runbook = {rule["alert"]: rule["annotations"]["runbook"] for rule in alert_rules()}
    (tmp_path / "alertmanager").mkdir()
    (tmp_path / "prometheus").mkdir()
    with FakeWebhook() as slack, FakeExporter(drifted_accounts=1) as exporter, ExitStack() as stack:
        alertmanager, alertmanager_at = start_alertmanager(
            stack, tmp_path / "alertmanager", slack.url
        )
        prometheus, prometheus_at = start_prometheus(
            stack, tmp_path / "prometheus", scrape=exporter.address, alertmanager=alertmanager_at
        )

        def posted(title: str) -> list[dict[str, Any]]:
            alertmanager.check_alive()
            prometheus.check_alive()
            attachments = [each for post in slack.posts for each in post["attachments"]]
            return [each for each in attachments if each["title"] == title]

        [firing] = wait_until(
            lambda: posted("[FIRING] LedgerDrift"), timeout=PATIENCE, what="the firing post"
        )
        assert firing["text"] == (
            "*LedgerDrift* firing (page): 1 account(s) disagree with the ledger\n"
            f"Runbook: {runbook['LedgerDrift']}\n"
        )
        # Every rule was evaluated on the fleet's metrics with the one that fired.
        api = f"http://{prometheus_at}/api/v1/alerts"
        with urllib.request.urlopen(api, timeout=10) as answer:
            active = json.load(answer)["data"]["alerts"]
        assert [(each["labels"]["alertname"], each["state"]) for each in active] == [
            ("LedgerDrift", "firing")
        ]

        exporter.drifted_accounts = 0
        [resolved] = wait_until(
            lambda: posted("[RESOLVED] LedgerDrift"), timeout=PATIENCE, what="the resolved post"
        )
        assert resolved["text"].startswith("*LedgerDrift* resolved (page): ")
        assert f"Runbook: {runbook['LedgerDrift']}" in resolved["text"]

    titles = [each["title"] for post in slack.posts for each in post["attachments"]]
    assert titles == ["[FIRING] LedgerDrift", "[RESOLVED] LedgerDrift"]
    others = set(runbook) - {"LedgerDrift"}
    assert [name for name in others if name in json.dumps(slack.posts)] == []
