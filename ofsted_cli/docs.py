"""Generate the command reference (docs/commands.md) from the CLI's own --help.

    python -m ofsted_cli.docs > docs/commands.md     # regenerate
    python -m ofsted_cli.docs --check                # exit 1 when docs/commands.md has drifted
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "commands.md"
ENV = {"TERMINAL_WIDTH": "100", "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}


def command_reference() -> str:
    from typer.testing import CliRunner

    from .cli import app

    old = {k: os.environ.get(k) for k in ENV}
    os.environ.update(ENV)
    try:
        runner = CliRunner()
        import typer.main
        names = sorted(typer.main.get_command(app).commands)
        parts = ["# Command reference", "",
                 "Generated from `--help` by `python -m ofsted_cli.docs`; `tests/test_docs.py` fails when it drifts.", ""]
        for args, title in [([], "ofsted")] + [([n], f"ofsted {n}") for n in names]:
            out = runner.invoke(app, [*args, "--help"], env=ENV, color=False, prog_name="ofsted").output
            text = "\n".join(line.rstrip() for line in out.splitlines()).strip("\n")
            parts += [f"## `{title}`", "", "```text", text, "```", ""]
        return "\n".join(parts)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def main() -> int:
    ref = command_reference()
    if "--check" in sys.argv[1:]:
        if not DOC.exists() or DOC.read_text() != ref:
            print(f"{DOC} is out of date: run `python -m ofsted_cli.docs > docs/commands.md`", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
