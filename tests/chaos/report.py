"""The report of a chaos run: the table of invariants with counts (`report.md`) and a timeline
picture (`timeline.svg`): faults as bands, answers per second by status, analyses in flight and
messages waiting in the queue."""

from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from html import escape
from pathlib import Path
from typing import Any

from tests.chaos.checker import INVARIANTS, Report
from tests.chaos.nemesis import FAULTS, Fault

WIDTH, LEFT, RIGHT = 1100, 190, 20
MAX_BARS = 450
LANE, CHART = 14, 150
STATUS_COLOURS = {
    "2xx": "#2e7d32",
    "4xx": "#f9a825",
    "5xx": "#c62828",
    "no answer": "#616161",
}
FAULT_COLOUR = "#7e57c2"
KILLED = 128 + 9  # the status a shell reports for a process ended by SIGKILL


def write_report(
    out: Path,
    summary: dict[str, Any],
    report: Report,
    history: list[dict[str, Any]],
    faults: list[Fault],
    samples: list[dict[str, Any]],
) -> None:
    (out / "report.md").write_text(markdown(summary, report, faults))
    (out / "timeline.svg").write_text(timeline(summary, history, faults, samples))


def markdown(summary: dict[str, Any], report: Report, faults: list[Fault]) -> str:
    counts = report.counts
    broken = Counter(violation.invariant for violation in report.violations)
    lines = [
        f"Seed {summary['seed']}, {summary['duration']:.0f} s, {summary['clients']} clients; "
        f"settled {summary['settled'] - summary['last_fault_end']:.0f} s after the last fault.",
        "",
        "| invariant | checked | violations |",
        "| --- | --- | --- |",
    ]
    for invariant in INVARIANTS:
        name = invariant.__name__
        lines.append(f"| {name} | {counts.get(f'checked_{name}', 0)} | {broken[name]} |")
    lines.append(f"| processes_running at the end | all | {len(summary['dead'])} |")
    restarts = Counter(
        "after the nemesis's SIGKILL" if exit_["status"] == KILLED else "after an exit of its own"
        for exit_ in summary["restarts"]
    )
    by_kind = Counter(fault.kind for fault in faults)
    statuses = ", ".join(
        f"{name[7:]} {count}"
        for name, count in sorted(counts.items())
        if name.startswith("status_")
    )
    lines += [
        "",
        f"Requests {counts.get('requests', 0)}: answered {counts.get('answered', 0)} "
        f"({statuses}), "
        f"no answer {counts.get('connection_errors', 0)}. Deals acknowledged "
        f"{counts.get('deals_acknowledged', 0)}, deductions acknowledged "
        f"{counts.get('deductions_acknowledged', 0)}, analyses accepted "
        f"{counts.get('analyses_accepted', 0)}.",
        "",
        f"Faults {len(faults)}: " + ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items())),
        "",
        f"Purchases {summary['purchases']}. Supervisor restarts {len(summary['restarts'])}: "
        + (", ".join(f"{n} {why}" for why, n in sorted(restarts.items())) or "none"),
    ]
    causes = Counter(exit_["cause"] for exit_ in summary["restarts"] if exit_["status"] != KILLED)
    lines += [
        f"- exit cause ({n}x): {cause[-200:] or 'no error line'}" for cause, n in causes.items()
    ]
    if report.violations:
        lines += ["", "Violations (first 50):", ""]
        lines += [
            f"- {v.invariant}: {v.description} {' '.join(map(str, v.ids[:5]))}"
            for v in report.violations[:50]
        ]
    for failure in summary["nemesis_errors"]:
        lines.append(f"- nemesis: {failure}")
    for crash in summary["crashed_clients"]:
        lines.append(f"- a client crashed: {crash[-300:]}")
    for name in summary["dead"]:
        lines.append(f"- {name} is not running")
    return "\n".join(lines) + "\n"


def timeline(
    summary: dict[str, Any],
    history: list[dict[str, Any]],
    faults: list[Fault],
    samples: list[dict[str, Any]],
) -> str:
    began = summary["began"]
    end = max([summary["settled"], *(entry["end"] for entry in history)], default=began + 1)
    span = max(end - began, 1.0)
    plot = WIDTH - LEFT - RIGHT

    def x(moment: float) -> float:
        return LEFT + (moment - began) / span * plot

    parts: list[str] = []
    y = 30
    # Fault lanes, one per kind.
    kinds = sorted(FAULTS)
    for kind in kinds:
        parts.append(_text(LEFT - 6, y + LANE - 3, kind, anchor="end"))
        for fault in faults:
            if fault.kind == kind and fault.start is not None:
                width = max(x(fault.end or fault.start) - x(fault.start), 2)
                parts.append(
                    f'<rect x="{x(fault.start):.1f}" y="{y}" width="{width:.1f}" '
                    f'height="{LANE - 2}" fill="{FAULT_COLOUR}"/>'
                )
        y += LANE
    y += 20
    # Answers per second by status class, stacked bars; a long run's seconds go in bins, at
    # most MAX_BARS of them, each bar the bin's mean rate.
    step = max(1, math.ceil(span / MAX_BARS))
    per_bin: dict[int, Counter[str]] = defaultdict(Counter)
    for entry in history:
        status = entry["status"]
        label = "no answer" if status is None else f"{status // 100}xx"
        per_bin[int((entry["end"] - began) // step)][label] += 1
    top = max((sum(c.values()) / step for c in per_bin.values()), default=1)
    per = "s" if step == 1 else f"s, {step} s bins"
    parts.append(_text(LEFT - 6, y + 12, f"answers/{per} (max {top:.0f})", anchor="end"))
    bar = max(plot / span * step, 1.0)
    for number, counter in per_bin.items():
        base = y + CHART
        for label, colour in STATUS_COLOURS.items():
            height = counter[label] / step / top * CHART
            if height:
                base -= height
                parts.append(
                    f'<rect x="{x(began + number * step):.1f}" y="{base:.1f}" '
                    f'width="{bar:.1f}" height="{height:.1f}" fill="{colour}"/>'
                )
    legend = LEFT
    for label, colour in STATUS_COLOURS.items():
        parts.append(
            f'<rect x="{legend}" y="{y + CHART + 6}" width="10" height="10" fill="{colour}"/>'
        )
        parts.append(_text(legend + 14, y + CHART + 15, label))
        legend += 90
    y += CHART + 40
    # Analyses in flight and messages waiting, as lines.
    for key, label, colour in (
        ("in_flight", "analyses in flight", "#1565c0"),
        ("queue", "messages queued", "#00838f"),
    ):
        values = [s[key] for s in samples if s[key] is not None]
        peak = max(values, default=0) or 1
        parts.append(_text(LEFT - 6, y + 12, f"{label} (max {peak})", anchor="end"))
        points = " ".join(
            f"{x(s['t']):.1f},{y + CHART - s[key] / peak * CHART:.1f}"
            for s in samples
            if s[key] is not None
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
        )
        y += CHART + 20
    # The time axis.
    for tick in range(0, int(span) + 1, max(int(span // 10), 1)):
        parts.append(
            f'<line x1="{x(began + tick):.1f}" y1="20" x2="{x(began + tick):.1f}" '
            f'y2="{y}" stroke="#ddd"/>'
        )
        parts.append(_text(x(began + tick), y + 14, f"{tick} s", anchor="middle"))
    settled = x(summary["last_fault_end"])
    parts.append(
        f'<line x1="{settled:.1f}" y1="20" x2="{settled:.1f}" y2="{y}" stroke="#000" '
        'stroke-dasharray="4 3"/>'
    )
    height = y + 30
    title = f"chaos run, seed {summary['seed']}: faults, answers, analyses in flight, queue"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="11">\n'
        '<rect width="100%" height="100%" fill="#fff"/>\n'
        + _text(LEFT, 14, title)
        + "\n"
        + "\n".join(parts)
        + "\n</svg>\n"
    )


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def redraw(out: Path) -> None:
    """`python -m tests.chaos.report DIR`: draw a finished run's timeline again from its files."""
    summary = json.loads((out / "summary.json").read_text())
    history = [json.loads(line) for line in (out / "history.jsonl").read_text().splitlines()]
    faults = [Fault(**fault) for fault in json.loads((out / "faults.json").read_text())]
    samples = json.loads((out / "samples.json").read_text())
    (out / "timeline.svg").write_text(timeline(summary, history, faults, samples))


if __name__ == "__main__":
    redraw(Path(sys.argv[1]))
