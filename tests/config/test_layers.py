"""The layers of docs/design.md hold, and the build notices when a change breaks them: the
import-linter contracts of pyproject.toml pass today, and fail on a copy of the code where one
import (inside a function, where no reader of the top of the file would see it) closes a cycle,
or where the settings import an app."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
NOT_CODE = ("tests", "bench", "docs", "deploy", "scripts", "static", "templates", "var", "tools")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the virtualenv's own import-linter
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy_of_the_code(tmp_path: Path) -> Path:
    tree = tmp_path / "project"
    shutil.copytree(
        ROOT,
        tree,
        ignore=shutil.ignore_patterns(".*", "__pycache__", "node_modules", *NOT_CODE),
    )
    return tree


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_the_layers_hold_today() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_passes_before_it_is_changed(copy_of_the_code: Path) -> None:
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_inside_a_function_that_closes_a_cycle_fails_the_lint(
    copy_of_the_code: Path,
) -> None:
    # The error core learning about analyses: ai already imports errors, so this closes a circle.
    append(
        copy_of_the_code / "errors/rendering.py",
        "\n\ndef _analysis_count() -> int:\n"
        "    from ai.models import Analysis\n\n"
        "    return Analysis.objects.count()\n",
    )
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "Layers: knowledge flows down BROKEN" in result.stdout
    assert "errors.rendering -> ai.models" in result.stdout


def test_settings_that_import_an_app_fail_the_lint(copy_of_the_code: Path) -> None:
    append(copy_of_the_code / "config/settings.py", "\nfrom throttling.limiter import parse_rate\n")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "Settings read the environment and import no app code BROKEN" in result.stdout


def test_two_domain_apps_of_one_layer_may_not_import_each_other(copy_of_the_code: Path) -> None:
    append(copy_of_the_code / "tokens/selectors.py", "\nfrom deals.models import Deal  # noqa\n")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "tokens.selectors -> deals.models" in result.stdout


def test_no_production_module_is_over_250_lines() -> None:
    """docs/design.md's promise: a module small enough to read whole."""
    skipped = {*NOT_CODE, "clients", ".venv", "node_modules", "migrations"}
    modules = [
        path
        for path in ROOT.rglob("*.py")
        if not skipped & set(path.relative_to(ROOT).parts)
        and not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
    ]
    assert len(modules) > 100
    longer = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := len(path.read_text().splitlines())) > 250
    }
    assert longer == {}
