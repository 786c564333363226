"""The chaos run's verdict: a snapshot of the database, and nine invariants over it and the history.

`check` is pure: the history (one dict per HTTP attempt), the faults, the snapshot and the exit code
of `manage.py reconcile_tokens` go in, a Report of violations and counts comes out.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row

SETTLE_SECONDS = 300.0
FINAL_ANALYSIS_STATUSES = frozenset({"succeeded", "failed"})
RETRYABLE_SERVER_STATUSES = frozenset({502, 503, 504})
# No answer, or the proxy's answer: the application may have committed the write all the same.
UNKNOWN_OUTCOMES = frozenset({None, *RETRYABLE_SERVER_STATUSES})
DEDUCT_PATH = "/api/v1/tokens/deduct"
ENVELOPE_TEXT_FIELDS = ("code", "message", "timestamp")
ACKNOWLEDGEMENTS = (
    ("deals_acknowledged", "create_deal", 201),
    ("deductions_acknowledged", "deduct", 200),
    ("analyses_accepted", "analyse", 202),
)
_DEAL_IN_PATH = re.compile(r"/deals/(\d+)")

Finding = tuple[str, list[str]]


@dataclass(frozen=True)
class Violation:
    invariant: str
    description: str
    ids: list[str] = field(default_factory=list)


@dataclass
class Report:
    violations: list[Violation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.violations


_QUERIES = {
    "deals": "SELECT d.id, u.email AS owner, d.version FROM deals_deal d"
    " JOIN accounts_user u ON u.id = d.owner_id",
    "ledger": "SELECT t.id, u.email AS user, t.transaction_type, t.amount, t.balance_after,"
    " t.idempotency_key, t.reference_id, t.created_at FROM tokens_tokentransaction t"
    " JOIN tokens_tokenaccount a ON a.id = t.account_id"
    " JOIN accounts_user u ON u.id = a.user_id ORDER BY t.account_id, t.id",
    "analyses": "SELECT n.id, n.status, u.email AS user, n.deal_id, n.hold_id, n.finished_at"
    " FROM ai_analysis n JOIN accounts_user u ON u.id = n.user_id",
    "accounts": "SELECT u.email AS user, a.balance, a.held FROM tokens_tokenaccount a"
    " JOIN accounts_user u ON u.id = a.user_id",
    "idempotency_records": "SELECT u.email AS user, r.method, r.path, r.key, r.status,"
    " r.response_status, r.response_body FROM idempotency_idempotencyrecord r"
    " JOIN accounts_user u ON u.id = r.user_id",
    "open_holds": "SELECT count(*) AS open_holds FROM tokens_tokenhold WHERE status = 'open'",
}


def snapshot(database_url: str) -> dict[str, Any]:
    """Read what the invariants need from the database, as plain dicts (times as epoch seconds)."""
    with psycopg.connect(database_url, row_factory=dict_row) as connection:
        rows = {name: connection.execute(sql).fetchall() for name, sql in _QUERIES.items()}
    for row in rows["ledger"] + rows["analyses"]:
        for name in ("created_at", "finished_at"):
            if row.get(name) is not None:
                row[name] = row[name].timestamp()
    for record in rows["idempotency_records"]:
        record["body"] = json.loads(record.pop("response_body") or "null")
    return {
        "deals": {row.pop("id"): row for row in rows["deals"]},
        "ledger": rows["ledger"],
        "analyses": {row.pop("id"): row for row in rows["analyses"]},
        "accounts": {row.pop("user"): row for row in rows["accounts"]},
        "idempotency_records": rows["idempotency_records"],
        "open_holds": rows["open_holds"][0]["open_holds"],
    }


def deadline_for(faults: list[dict], history: list[dict], grace: float = SETTLE_SECONDS) -> float:
    """The last fault's end (the last answer's, without faults) plus the time allowed to settle."""
    ends = [fault["end"] or fault["start"] for fault in faults]
    ends = ends or [entry["end"] for entry in history] or [0.0]
    return max(ends) + grace


@dataclass
class Run:
    history: list[dict]
    snapshot: dict[str, Any]
    reconcile_exit_code: int
    settle_deadline: float
    counts: Counter[str] = field(default_factory=Counter)


def _label(entry: dict) -> str:
    """The request id, or where to find the attempt in the history when it has none."""
    return entry.get("request_id") or f"{entry['client']} {entry['path']} @{entry['start']}"


def _body(entry: dict) -> dict:
    body = entry.get("body")
    return body if isinstance(body, dict) else {}


def _code(entry: dict) -> str | None:
    return _body(entry).get("code")


def _resource_id(entry: dict) -> Any:
    """The id of what a successful write answered: the deal, the analysis, the ledger row."""
    if entry["op"] == "deduct":
        return (_body(entry).get("transaction") or {}).get("id")
    return _body(entry).get("id")


def _deal_id(entry: dict) -> int | None:
    if entry["op"] == "create_deal":
        return _resource_id(entry)
    found = _DEAL_IN_PATH.search(entry["path"])
    return int(found.group(1)) if found else None


def _answered(run: Run, op: str, status: int) -> list[dict]:
    return [entry for entry in run.history if entry["op"] == op and entry["status"] == status]


def _is_final(entry: dict) -> bool:
    """An answer that settles a keyed request: not refused before the key was looked at (401,
    429), not "the first one is still running", not a server error (which frees the key)."""
    status = entry["status"]
    if status is None or status >= 500 or status in (401, 429):
        return False
    return not (status == 409 and _code(entry) == "CONFLICT_REQUEST_IN_PROGRESS")


def _possibly_deleted(run: Run) -> set[int]:
    """Deals a DELETE removed or may have removed (it answered 204, 404, or nothing certain)."""
    return {
        _deal_id(entry)
        for entry in run.history
        if entry["op"] == "delete_deal" and entry["status"] in {204, 404, *UNKNOWN_OUTCOMES}
    }


def acknowledged_writes(run: Run) -> tuple[int, list[Finding]]:
    deals, deleted = run.snapshot["deals"], _possibly_deleted(run)
    found: list[Finding] = []
    created = _answered(run, "create_deal", 201)
    for entry in created:
        deal_id, deal = _resource_id(entry), deals.get(_resource_id(entry))
        if deal is None and deal_id not in deleted:
            found.append((f"deal {deal_id} was answered 201 and is gone", [_label(entry)]))
        elif deal is not None and deal["owner"] != entry["user"]:
            found.append((f"deal {deal_id} belongs to {deal['owner']}", [_label(entry)]))
    edited = _answered(run, "edit_deal", 200)
    for entry in edited:
        deal_id, acknowledged = _deal_id(entry), _body(entry).get("version", 0)
        deal = deals.get(deal_id)
        if deal is None and deal_id not in deleted:
            found.append((f"deal {deal_id} was edited (200) and is gone", [_label(entry)]))
        elif deal is not None and deal["version"] < acknowledged:
            message = f"deal {deal_id} is at version {deal['version']}, below {acknowledged}"
            found.append((message, [_label(entry)]))
    ledger_ids = {row["id"] for row in run.snapshot["ledger"]}
    deducted = _answered(run, "deduct", 200)
    for entry in deducted:
        if _resource_id(entry) not in ledger_ids:
            message = f"transaction {_resource_id(entry)} was answered 200 and is not in the ledger"
            found.append((message, [_label(entry)]))
    return len(created) + len(edited) + len(deducted), found


def _charges_by_key(run: Run) -> dict[tuple[str, str], set[int]]:
    """Ledger rows each (user, Idempotency-Key) of a deduction led to, by every trace there is:
    its answers, its stored idempotent outcome, the ledger row's own key."""
    charges: dict[tuple[str, str], set[int]] = defaultdict(set)
    for entry in _answered(run, "deduct", 200):
        if entry.get("key") is not None:
            charges[entry["user"], entry["key"]].add(_resource_id(entry))
    for record in run.snapshot.get("idempotency_records", []):
        data = (record["body"] or {}).get("data") or {}
        if record["path"] == DEDUCT_PATH and record["response_status"] == 200:
            charges[record["user"], record["key"]].add((data.get("transaction") or {}).get("id"))
    for row in run.snapshot["ledger"]:
        if row["idempotency_key"] is not None:
            charges[row["user"], row["idempotency_key"]].add(row["id"])
    return charges


def _more_deductions_than_requests(run: Run) -> list[Finding]:
    """The API keeps no key on the ledger row: count instead each user's deductions (spending
    without a reference) made during the run against the requests that could have made them,
    one per key (or attempt without a key) answered 200 or left without a final answer."""
    began = run.history[0]["start"] if run.history else 0.0
    attempts: dict[tuple[str, Any], list[dict]] = defaultdict(list)
    for entry in run.history:
        if entry["op"] == "deduct":
            attempts[entry["user"], entry.get("key") or id(entry)].append(entry)
    # A request could have charged only if it was answered 200, or its last answer was none or
    # a proxy's: a key refused for good (402, 400, ...) charged nothing.
    could = Counter(
        user
        for (user, _), tries in attempts.items()
        if any(entry["status"] == 200 for entry in tries) or not _is_final(tries[-1])
    )
    made = Counter(
        row["user"]
        for row in run.snapshot["ledger"]
        if row["transaction_type"] == "ai_usage"
        and not row["reference_id"]
        and row["created_at"] >= began - 1
    )
    return [
        (f"{user} was charged {times} deductions for {could[user]} requests", [user])
        for user, times in made.items()
        if user in could and times > could[user]
    ]


def no_double_charge(run: Run) -> tuple[int, list[Finding]]:
    """Each key charges at most once, each analysis at most once and only when it succeeded.

    A deduction that got no 200 may still have committed when an attempt got no answer or a
    proxy's 502/503/504: such a charge is counted (`deductions_charged_unacknowledged`), not
    flagged. It is flagged when the client's last attempt had a final error answer (a 4xx),
    which says nothing was done.
    """
    found: list[Finding] = []
    ledger = run.snapshot["ledger"]
    charges = _charges_by_key(run)
    for (user, key), rows in charges.items():
        if len(rows) > 1:
            ids = [str(row) for row in sorted(rows)]
            found.append((f"{user}'s key {key!r} charged {len(rows)} times", ids))
    attempts: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for entry in run.history:
        if entry["op"] == "deduct" and entry.get("key") is not None:
            attempts[entry["user"], entry["key"]].append(entry)
    for (user, key), tries in attempts.items():
        if any(entry["status"] == 200 for entry in tries) or not charges.get((user, key)):
            continue
        run.counts["deductions_charged_unacknowledged"] += 1
        if _is_final(tries[-1]):
            message = f"{user}'s key {key!r} charged though answered {tries[-1]['status']}"
            found.append((message, [_label(tries[-1]), *map(str, sorted(charges[user, key]))]))
    found += _more_deductions_than_requests(run)
    by_analysis = Counter(
        row["reference_id"]
        for row in ledger
        if row["transaction_type"] == "ai_usage" and row["reference_id"].startswith("analysis:")
    )
    for reference, times in by_analysis.items():
        if times > 1:
            found.append((f"{reference} charged {times} times", [reference]))
    for analysis_id, analysis in run.snapshot["analyses"].items():
        if analysis["status"] != "succeeded" and by_analysis[f"analysis:{analysis_id}"]:
            message = f"analysis {analysis_id} charged while {analysis['status']}"
            found.append((message, [f"analysis:{analysis_id}"]))
    return len(set(charges) | set(attempts)) + len(run.snapshot["analyses"]), found


def never_overdrawn(run: Run) -> tuple[int, list[Finding]]:
    """Along each account's ledger, the balance after each row is the one before plus its amount
    (credits positive, debits negative) and never below zero; accounts hold within balance."""
    found: list[Finding] = []
    balances: dict[str, int] = {}
    for row in sorted(run.snapshot["ledger"], key=lambda row: (row["user"], row["id"])):
        before, after, ids = balances.get(row["user"], 0), row["balance_after"], [str(row["id"])]
        if after < 0:
            found.append((f"{row['user']}'s balance went to {after}", ids))
        if after != before + row["amount"]:
            found.append((f"{row['user']}: {before} {row['amount']:+d} -> {after}", ids))
        balances[row["user"]] = after
    answers = [e for e in run.history if e["op"] in ("balance", "deduct") and e["status"] == 200]
    for entry in answers:  # what clients were told along the way
        body = _body(entry)
        if min(body.get("balance", 0), body.get("available", 0)) < 0:
            message = f"{entry['user']} was answered balance {body.get('balance')}, available "
            found.append((message + str(body.get("available")), [_label(entry)]))
    accounts = run.snapshot["accounts"]
    for user, account in accounts.items():
        balance, held, last = account["balance"], account["held"], balances.get(user, 0)
        if not 0 <= held <= balance:
            found.append((f"{user} holds {held} of a balance of {balance}", [user]))
        if balance != last:
            found.append((f"{user}'s balance {balance} is not its ledger's {last}", [user]))
    return len(run.snapshot["ledger"]) + len(accounts) + len(answers), found


def reconciliation(run: Run) -> tuple[int, list[Finding]]:
    code = run.reconcile_exit_code
    return 1, [(f"reconcile_tokens exited {code}", [])] if code else []


def analyses_finished(run: Run) -> tuple[int, list[Finding]]:
    """Every accepted analysis ended before the deadline; one missing went with its deal."""
    found: list[Finding] = []
    accepted = {_resource_id(entry): entry for entry in _answered(run, "analyse", 202)}
    analyses, deals = run.snapshot["analyses"], run.snapshot["deals"]
    for analysis_id, entry in accepted.items():
        analysis = analyses.get(analysis_id)
        if analysis is None:
            if _body(entry).get("deal_id") in deals:
                found.append((f"analysis {analysis_id} was accepted and is gone", [_label(entry)]))
        elif analysis["status"] not in FINAL_ANALYSIS_STATUSES:
            message = f"analysis {analysis_id} is still {analysis['status']}"
            found.append((message, [_label(entry)]))
        elif (analysis["finished_at"] or float("inf")) > run.settle_deadline:
            found.append((f"analysis {analysis_id} finished after the deadline", [_label(entry)]))
    return len(accepted), found


def no_open_holds(run: Run) -> tuple[int, list[Finding]]:
    open_holds = run.snapshot["open_holds"]
    return 1, [(f"{open_holds} hold(s) still open after settling", [])] if open_holds else []


def _envelope_problem(entry: dict) -> str | None:
    status, body, content_type = entry["status"], entry["body"], entry.get("content_type")
    if body is None:
        return None if status == 204 else "an empty body"
    if isinstance(body, str):
        return f"a body that is not JSON: {body[:80]!r}"
    if content_type and "json" not in content_type:
        return f"JSON served as {content_type}"
    if status < 400:
        return None
    if not isinstance(body, dict) or body.get("status") != "error":
        return "an error body that is not the envelope"
    missing = [name for name in ENVELOPE_TEXT_FIELDS if not isinstance(body.get(name), str)]
    if missing or not isinstance(body.get("details"), dict):
        return f"an envelope without {', '.join(missing) or 'details'}"
    if body.get("request_id") != entry.get("request_id"):
        return f"an envelope for request {body.get('request_id')}"
    return None


def envelope_only(run: Run) -> tuple[int, list[Finding]]:
    found: list[Finding] = []
    answered = [entry for entry in run.history if entry["status"] is not None]
    for entry in answered:
        problem = _envelope_problem(entry)
        if problem:
            where = f"{entry['status']} to {entry['method']} {entry['path']}"
            found.append((f"{where} has {problem}", [_label(entry)]))
    return len(answered), found


def server_errors(run: Run) -> tuple[int, list[Finding]]:
    found: list[Finding] = []
    failed = [entry for entry in run.history if (entry["status"] or 0) >= 500]
    for entry in failed:
        where = f"{entry['status']} to {entry['method']} {entry['path']}"
        if entry["status"] not in RETRYABLE_SERVER_STATUSES:
            found.append((f"{where} ({_code(entry)})", [_label(entry)]))
        elif not entry.get("retry_after"):
            found.append((f"{where} without Retry-After", [_label(entry)]))
    return len(failed), found


def idempotent_outcomes(run: Run) -> tuple[int, list[Finding]]:
    """Every final answer to one (user, key, operation) is the same: status, and what it made."""
    outcomes: dict[tuple[str, str, str], dict[tuple[int, Any], dict]] = defaultdict(dict)
    for entry in run.history:
        if entry.get("key") is not None and _is_final(entry):
            made = _resource_id(entry) if entry["status"] < 300 else None
            scope = (entry["user"], entry["key"], entry["op"])
            outcomes[scope].setdefault((entry["status"], made), entry)
    found: list[Finding] = []
    for (user, key, op), answers in outcomes.items():
        if len(answers) > 1:
            seen = ", ".join(f"{status} {made or ''}".strip() for status, made in answers)
            labels = [_label(entry) for entry in answers.values()]
            found.append((f"{op} by {user} with key {key!r} answered {seen}", labels))
    return len(outcomes), found


INVARIANTS: tuple[Callable[[Run], tuple[int, list[Finding]]], ...] = (
    acknowledged_writes,
    no_double_charge,
    never_overdrawn,
    reconciliation,
    analyses_finished,
    no_open_holds,
    envelope_only,
    server_errors,
    idempotent_outcomes,
)


def _traffic_counts(history: list[dict], faults: list[dict]) -> Counter[str]:
    counts: Counter[str] = Counter(requests=len(history), faults=len(faults))
    for entry in history:
        status = entry["status"]
        counts["answered" if status is not None else "connection_errors"] += 1
        if status is not None:
            counts[f"status_{status // 100}xx"] += 1
    for kind in (fault["kind"] for fault in faults):
        counts[f"faults_{kind}"] += 1
    for name, op, status in ACKNOWLEDGEMENTS:
        made = {_resource_id(e) for e in history if e["op"] == op and e["status"] == status}
        counts[name] = len(made)
    return counts


def check(
    history: list[dict],
    faults: list[dict],
    snapshot: dict[str, Any],
    reconcile_exit_code: int,
    *,
    settle_deadline: float,
) -> Report:
    """Judge a run: every invariant over the history and the snapshot, with what each checked."""
    ids_as_numbers = {
        name: {int(key): value for key, value in snapshot[name].items()}
        for name in ("deals", "analyses")
    }  # a snapshot read back from JSON has them as strings
    run = Run(
        history=sorted(history, key=lambda entry: entry["start"]),
        snapshot={**snapshot, **ids_as_numbers},
        reconcile_exit_code=reconcile_exit_code,
        settle_deadline=settle_deadline,
    )
    report = Report()
    for invariant in INVARIANTS:
        checked, found = invariant(run)
        run.counts[f"checked_{invariant.__name__}"] = checked
        report.violations += [Violation(invariant.__name__, text, ids) for text, ids in found]
    report.counts = {**_traffic_counts(history, faults), **run.counts}
    return report
