"""The README's walkthrough as a newcomer runs it: every `sh` block of its Walkthrough section,
top to bottom in one shell, as written, against a fresh `make run`; each `curl` answers the
status the README's comment beside it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.server import ROOT, start_embedded

README = ROOT / "README.md"
STATUS = re.compile(r"#\s+(\d{3})\b")
# Every curl of the README, with its status noted where the script can read it.
RECORDING_CURL = r"""
curl() {
  local answer
  answer=$(command curl -sS -w '\n%{http_code}' "$@")
  printf '%s\n' "${answer##*$'\n'}" >> "$STATUSES"
  printf '%s\n' "${answer%$'\n'*}"
}
"""


def walkthrough() -> str:
    text = README.read_text()
    section = text.split("## Walkthrough", 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(r"```sh\n(.*?)```", section, flags=re.S))


def expected_statuses(script: str) -> list[int]:
    """The status written after each curl: on its own comment line below it, or at its end."""
    statuses: list[int] = []
    command, waiting = "", False
    for line in script.splitlines():
        if line.lstrip().startswith("#"):
            found = STATUS.match(line.lstrip())
            if found and waiting:
                statuses.append(int(found[1]))
                waiting = False
            continue
        command += line
        if line.endswith("\\"):
            continue
        if "curl " in command:
            assert not waiting, f"a curl without its status above: {command[:80]}"
            inline = STATUS.search(command[command.index("  # ") :]) if "  # " in command else None
            if inline:
                statuses.append(int(inline[1]))
            else:
                waiting = True
        command = ""
    assert not waiting, "the last curl has no status"
    return statuses


def test_the_walkthrough_runs_as_written_and_every_status_is_as_documented(
    tmp_path: Path,
) -> None:
    script = walkthrough()
    expected = expected_statuses(script)
    assert len(expected) >= 15
    service, base_url = start_embedded({"VAR_DIR": str(tmp_path / "var")})
    statuses = tmp_path / "statuses"
    try:
        run = subprocess.run(  # noqa: S603 - the README's own commands, in bash
            [
                "/bin/bash",
                "-e",
                "-c",
                RECORDING_CURL + script.replace("http://127.0.0.1:8000", base_url),
            ],
            # python3 for the README's `field`: the project's own.
            env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "STATUSES": str(statuses)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        service.stop()
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    seen = [int(line) for line in statuses.read_text().split()]
    assert seen == expected, run.stdout[-4000:]


def test_the_status_reader_finds_each_curls_status() -> None:
    script = """A=1
curl -X POST $B/x \\
     -d '{"a": 1}'
# 201 {"id": 1}
X=$(curl -s $B/y | field id)
#      a continuation of no status
# 409 CONFLICT
curl $B/z  # 204
"""
    assert expected_statuses(script) == [201, 409, 204]
