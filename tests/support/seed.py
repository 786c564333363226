"""Fill the tables that only grow with many rows in a few SQL statements (PostgreSQL's
generate_series), for the query-plan test and `make bench-scale`.

Rows are valid for every constraint, and the ledger stays reconciled: one account's rows each
add one token to the balance before, and the account's balance follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

# Spread over a year, newest last, so that time filters and retention see realistic ages.
_AGE = "now() - make_interval(secs => (%(n)s - i) * 31536000.0 / %(n)s)"


@dataclass(frozen=True)
class Seeded:
    """Values a test or benchmark can look for: each names one row in the middle of its table."""

    request_id: str
    error_id: str
    idempotency_key: str
    email: str


def _run(sql: str, **params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{age}", _AGE), params)


def seed_users(count: int) -> None:
    _run(
        """INSERT INTO accounts_user (password, is_superuser, email, name, is_active, is_staff,
               date_joined)
           SELECT '!', false, 'seeded-' || i || '@example.com', 'Seeded ' || i, true, false, {age}
           FROM generate_series(1, %(n)s) AS i""",
        n=count,
    )


def seed_deals(owner_id: int, count: int) -> None:
    _run(
        """INSERT INTO deals_deal (owner_id, title, description, price, original_price, currency,
               url, category, version, created_at, updated_at)
           SELECT %(owner)s, 'Seeded deal ' || i, '', 10 + i %% 1000, NULL, 'USD', '',
               (ARRAY['electronics','home','books','toys','other'])[1 + i %% 5], 1, {age}, {age}
           FROM generate_series(1, %(n)s) AS i""",
        owner=owner_id,
        n=count,
    )


def seed_ledger(account_id: int, count: int) -> None:
    """`count` purchases of one token each, chained on the account's balance so far."""
    _run(
        """INSERT INTO tokens_tokentransaction (account_id, transaction_type, amount,
               balance_after, description, metadata, reference_id, created_at)
           SELECT %(account)s, 'purchase', 1, a.balance + i, '', '{}'::jsonb,
               'seed-' || i, {age}
           FROM generate_series(1, %(n)s) AS i, tokens_tokenaccount AS a
           WHERE a.id = %(account)s""",
        account=account_id,
        n=count,
    )
    _run(
        """UPDATE tokens_tokenaccount SET balance = balance + %(n)s,
               lifetime_earned = lifetime_earned + %(n)s, updated_at = now()
           WHERE id = %(account)s""",
        account=account_id,
        n=count,
    )


def seed_errors(user_ids: list[int], count: int) -> None:
    _run(
        """INSERT INTO monitoring_errorevent (request_id, error_id, code, category, status, method,
               path, summary, created_at, user_id, event_id)
           SELECT 'seed-req-' || i, 'seed-err-' || i,
               (ARRAY['VALIDATION_ERROR','TOKEN_INSUFFICIENT_BALANCE','INTEGRATION_AI_UNAVAILABLE'])
                   [1 + i %% 3],
               'validation', 400, 'POST', '/api/v1/deals', 'seeded', {age},
               (%(users)s::bigint[])[1 + i %% cardinality(%(users)s::bigint[])],
               gen_random_uuid()
           FROM generate_series(1, %(n)s) AS i""",
        users=user_ids,
        n=count,
    )


def seed_analyses(user_id: int, count: int, attempts_each: int = 2) -> None:
    """Failed analyses of the user's newest deals, with their LLM attempts."""
    _run(
        """INSERT INTO ai_analysis (deal_id, user_id, status, cost, provider, degraded,
               error_code, error_message, request_id, run_token, runs, created_at)
           SELECT d.id, %(user)s, 'failed', 5, 'primary', false, 'INTEGRATION_AI_UNAVAILABLE', '',
               'seed-analysis-' || d.id, '', 1, d.created_at
           FROM (SELECT id, created_at FROM deals_deal WHERE owner_id = %(user)s
                 ORDER BY id DESC LIMIT %(n)s) AS d""",
        user=user_id,
        n=count,
    )
    _run(
        """INSERT INTO ai_llmattempt (analysis_id, run, provider, model, outcome, latency_ms,
               waited_ms, provider_request_id, error_class, created_at)
           SELECT a.id, 1, 'primary', 'seeded', 'server_error', 10, 0, '', 'APIError',
               a.created_at
           FROM ai_analysis AS a, generate_series(1, %(each)s)
           WHERE a.user_id = %(user)s AND a.request_id LIKE 'seed-analysis-%%'""",
        user=user_id,
        each=attempts_each,
    )


def seed_idempotency(user_id: int, count: int) -> None:
    _run(
        """INSERT INTO idempotency_idempotencyrecord (user_id, key, method, path, fingerprint,
               status, response_status, response_body, request_id, created_at, locked_until,
               expires_at)
           SELECT %(user)s, 'seed-key-' || i, 'POST', '/api/v1/tokens/deduct', 'seeded',
               'completed', 200, '{}', 'seed-idem-' || i, {age}, {age},
               now() + interval '1 day'
           FROM generate_series(1, %(n)s) AS i""",
        user=user_id,
        n=count,
    )


def seed_holds(account_id: int, count: int) -> None:
    _run(
        """INSERT INTO tokens_tokenhold (account_id, amount, status, reference_id, description,
               created_at, resolved_at)
           SELECT %(account)s, 5, 'released', 'seed-hold-' || i, '', {age}, {age}
           FROM generate_series(1, %(n)s) AS i""",
        account=account_id,
        n=count,
    )


def analyze(*, statistics_target: int | None = None) -> None:
    """Fresh planner statistics, as autovacuum would gather after a load this size; with
    `statistics_target`, from a larger sample than the default (1000: every seeded row)."""
    with connection.cursor() as cursor:
        if statistics_target is not None:
            cursor.execute(f"SET default_statistics_target = {int(statistics_target)}")
        cursor.execute("ANALYZE")
        cursor.execute("RESET default_statistics_target")


def middle(count: int) -> Seeded:
    """The seeded values of the row in the middle of each table of `count` rows."""
    i = max(1, count // 2)
    return Seeded(
        request_id=f"seed-req-{i}",
        error_id=f"seed-err-{i}",
        idempotency_key=f"seed-key-{i}",
        email=f"seeded-{i}@example.com",
    )
