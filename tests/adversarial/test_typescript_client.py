"""TypeScript, as a client author meets it: openapi-typescript with its default flags writes the
types of the document `make run` serves; clients/typescript/src/flow.ts, the whole walkthrough
through openapi-fetch with every error narrowed by its code, compiles against them under
`tsc --strict` and runs; then every answer the flow met is written as a constant of the type the
document gives its operation, status and media type, and a second strict compilation must pass:
no real answer contradicts its type. The checked-in types are what `make client` writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import ROOT, Service, start_embedded

TYPESCRIPT = ROOT / "clients" / "typescript"
BIN = TYPESCRIPT / "node_modules" / ".bin"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("var")
    env = {"VAR_DIR": str(var), "SIGNUP_BONUS_TOKENS": "100", "RATE_LIMIT_REGISTER": "1000/hour"}
    service: Service
    service, url = start_embedded(env, log=var / "run.log")
    try:
        yield url
    finally:
        service.stop()


def run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run(  # noqa: S603 - our own tools
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-6000:]
    return done.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of clients/typescript without its types, which each test writes afresh."""
    copy = tmp_path / "typescript"
    ignored = shutil.ignore_patterns("node_modules", "build", "schema.d.ts")
    shutil.copytree(TYPESCRIPT, copy, ignore=ignored)
    (copy / "node_modules").symlink_to(TYPESCRIPT / "node_modules")
    return copy


def _typed_constants(answers: list[dict]) -> str:
    lines = ['import type { paths } from "./schema.js";', ""]
    for number, answer in enumerate(answers):
        operation = f"paths[{json.dumps(answer['path'])}][{json.dumps(answer['method'])}]"
        status = f'{operation}["responses"][{answer["status"]}]'
        if answer["body"] is None:  # 204: the status alone must be documented
            lines.append(f"export type Answer{number} = {status};")
            continue
        media = json.dumps(answer["mediaType"])
        body = json.dumps(answer["body"], indent=1)
        lines.append(f'export const answer{number}: {status}["content"][{media}] = {body};')
    return "\n".join(lines) + "\n"


def test_the_walkthrough_compiles_strictly_and_every_answer_fits_its_type(
    server: str, project: Path
) -> None:
    run(BIN / "openapi-typescript", f"{server}/api/v1/schema?format=json", "-o",
        project / "src" / "schema.d.ts", cwd=project)  # fmt: skip
    run(BIN / "tsc", "-p", ".", cwd=project)  # strict: see tsconfig.json
    answers_file = project / "answers.json"
    printed = run("node", project / "build" / "flow.js", server, answers_file, cwd=project)
    answers = json.loads(answers_file.read_text())
    assert f"flow: {len(answers)} answers" in printed
    statuses = {answer["status"] for answer in answers}
    assert {200, 201, 202, 204, 400, 401, 402, 404, 409} <= statuses, statuses
    assert "application/problem+json" in {answer["mediaType"] for answer in answers}

    (project / "src" / "answers.ts").write_text(_typed_constants(answers))
    run(BIN / "tsc", "-p", ".", "--noEmit", cwd=project)


def test_a_body_that_contradicts_its_type_fails_the_check(server: str, project: Path) -> None:
    """The check itself: an envelope whose details lack the key its code promises, or carry one
    it does not, does not compile."""
    run(BIN / "openapi-typescript", f"{server}/api/v1/schema?format=json", "-o",
        project / "src" / "schema.d.ts", cwd=project)  # fmt: skip
    stale = {
        "path": "/api/v1/deals/{deal_id}",
        "method": "patch",
        "status": 409,
        "mediaType": "application/json",
        "body": {
            "status": "error",
            "code": "CONFLICT_VERSION_MISMATCH",
            "message": "The deal changed since you read it.",
            "details": {"current_version": 2},
            "request_id": "r",
            "timestamp": "2026-12-01T12:00:00Z",
        },
    }
    wrong = json.loads(json.dumps(stale))
    wrong["body"]["details"] = {"deal_id": 2}
    for answers, passes in (([stale], True), ([wrong], False)):
        (project / "src" / "answers.ts").write_text(_typed_constants(answers))
        done = subprocess.run(  # noqa: S603 - our own tool
            [str(BIN / "tsc"), "-p", ".", "--noEmit"], cwd=project, capture_output=True, text=True
        )
        assert (done.returncode == 0) is passes, done.stdout[-3000:]


def test_the_checked_in_types_are_what_make_client_writes_today(tmp_path: Path) -> None:
    fresh = tmp_path / "schema.d.ts"
    run(sys.executable, ROOT / "clients" / "generate.py", "--out", tmp_path / "python",
        "--types", fresh, cwd=ROOT)  # fmt: skip
    assert fresh.read_text() == (TYPESCRIPT / "src" / "schema.d.ts").read_text(), "make client"
