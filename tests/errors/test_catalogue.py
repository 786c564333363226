"""The error catalogue: served complete, consistent, and changed only on purpose."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from errors.base import CATALOGUE, Category

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("catalogue_snapshot.json")
APP_DIRS = ("accounts", "config", "errors", "health")
CODE_LITERAL = re.compile(
    r"^(VALIDATION|AUTH|FORBIDDEN|RESOURCE|CONFLICT|RATE_LIMIT|INTEGRATION|SYSTEM|TOKEN|AI|HTTP)_[A-Z0-9_]+$"
)


def test_the_catalogue_endpoint_lists_every_code(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/errors")
    assert response.status_code == 200
    entries = response.json()
    assert [entry["code"] for entry in entries] == sorted(CATALOGUE)
    for entry in entries:
        assert set(entry) == {
            "code",
            "category",
            "http_status",
            "message",
            "retryable",
            "description",
        }
        assert isinstance(entry["retryable"], bool)
        assert entry["message"]
        assert entry["description"]


def test_one_entry_can_be_fetched_by_code(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/errors/RATE_LIMIT_EXCEEDED")
    assert response.json()["http_status"] == 429
    assert response.json()["retryable"] is True


@pytest.mark.parametrize("entry", list(CATALOGUE.values()), ids=list(CATALOGUE))
def test_every_code_carries_its_category_prefix_and_status(entry) -> None:
    assert entry.code.startswith(entry.category.prefix)
    if entry.category is Category.SYSTEM:
        assert entry.status_code in {500, 503}
    elif entry.category is Category.PROTOCOL:
        assert entry.code == f"HTTP_{entry.status_code}"
    else:
        assert entry.status_code == entry.category.http_status


def _code_values(node: ast.AST) -> list[ast.AST]:
    """The expressions that give an error code: `code = ...`, `code=...` and `{"code": ...}`."""
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(isinstance(target, ast.Name) and target.id == "code" for target in targets):
            return [node.value] if node.value is not None else []
    if isinstance(node, ast.keyword) and node.arg == "code":
        return [node.value]
    if isinstance(node, ast.Dict):
        return [
            value
            for key, value in zip(node.keys, node.values, strict=True)
            if isinstance(key, ast.Constant) and key.value == "code"
        ]
    return []


def _code_literals_in_source() -> set[str]:
    found: set[str] = set()
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                for value in _code_values(node):
                    for constant in ast.walk(value):
                        is_text = isinstance(constant, ast.Constant) and isinstance(
                            constant.value, str
                        )
                        if is_text and CODE_LITERAL.match(constant.value):
                            found.add(constant.value)
    return found


def test_no_code_is_used_in_the_source_without_a_catalogue_entry() -> None:
    literals = _code_literals_in_source()
    assert "SYSTEM_UNHANDLED_ERROR" in literals  # the scan itself works
    assert literals - set(CATALOGUE) == set()


def test_codes_match_the_committed_snapshot() -> None:
    """Removing or renaming a code breaks clients: it must be a deliberate snapshot change.

    After adding a code on purpose, regenerate with:
    DJANGO_SETTINGS_MODULE=config.settings DEBUG=true python -c "import django; django.setup();
    from tests.errors.test_catalogue import write_snapshot; write_snapshot()"
    """
    snapshot = json.loads(SNAPSHOT.read_text())
    current = {code: [entry.category.label, entry.status_code] for code, entry in CATALOGUE.items()}
    removed_or_changed = {
        code: value for code, value in snapshot.items() if current.get(code) != value
    }
    assert removed_or_changed == {}, "codes removed or changed; clients depend on them"
    added = set(current) - set(snapshot)
    assert added == set(), "new codes: add them to catalogue_snapshot.json on purpose"


def write_snapshot() -> None:
    data = {
        code: [entry.category.label, entry.status_code] for code, entry in sorted(CATALOGUE.items())
    }
    SNAPSHOT.write_text(json.dumps(data, indent=2) + "\n")
