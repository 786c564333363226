"""Fill deploy/nginx/agentic-deals.conf's placeholders and print the result.

    python deploy/nginx/render.py --listen 127.0.0.1:8080 --upstream 127.0.0.1:8001 \\
        --static-root var/static --run-dir /tmp/nginx > /tmp/nginx/nginx.conf
"""

from __future__ import annotations

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).with_name("agentic-deals.conf")


def render(
    *, listen: str, upstream: str, static_root: str, run_dir: str, user: str | None = None
) -> str:
    values = {
        "@LISTEN@": listen,
        "@UPSTREAM@": upstream,
        "@STATIC_ROOT@": str(Path(static_root).resolve()),
        "@RUN_DIR@": str(Path(run_dir).resolve()),
    }
    text = TEMPLATE.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    # The user nginx's workers run as (nginx's own default, nobody, when not given).
    return f"user {user};\n{text}" if user else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("--listen", "--upstream", "--static-root", "--run-dir"):
        parser.add_argument(name, required=True)
    parser.add_argument("--user", help="the user nginx's workers run as")
    args = parser.parse_args()
    print(
        render(
            listen=args.listen,
            upstream=args.upstream,
            static_root=args.static_root,
            run_dir=args.run_dir,
            user=args.user,
        ),
        end="",
    )


if __name__ == "__main__":
    main()
