"""Generate the command reference (docs/commands.md) from the CLI's own --help, and the
README's tables (families, error and warning codes, exit statuses) from the registries.

    python -m ofsted_cli.docs > docs/commands.md     # regenerate the command reference
    python -m ofsted_cli.docs --readme               # rewrite the README's generated tables
    python -m ofsted_cli.docs --check                # exit 1 when either has drifted
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "commands.md"
README = Path(__file__).resolve().parent.parent / "README.md"
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


def _table(head: list[str], rows: list[list[str]]) -> str:
    def cell(v: str) -> str:
        return v.replace("|", "\\|")
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def readme_blocks() -> dict[str, str]:
    """The README's generated blocks, by marker name."""
    from .errors import EXIT_MEANINGS
    from .errors import ERROR_CODES, WARNING_CODES
    from .families import INFO, MODULE_OF
    fams = [[f"`{f.id}`", f.description, "yes" if f.graded else "no", f.evidence,
             f"`{MODULE_OF.get(f.id, 'generic')}`"] for f in INFO.values()]
    return {
        "families": _table(["family", "what", "graded", "checked against", "module"], fams),
        "errors": _table(["code", "meaning"], [[f"`{k}`", v] for k, v in ERROR_CODES.items()]),
        "warnings": _table(["code", "doubtful (status 4)", "meaning"],
                           [[f"`{k}`", "yes" if d else "only with `--strict`", v] for k, (d, v) in WARNING_CODES.items()]),
        "statuses": _table(["status", "meaning"], [[str(c), m.replace("| head", "`… | head`")] for c, m in EXIT_MEANINGS]),
    }


def readme_with_blocks(text: str) -> str:
    """The README with every ``<!-- NAME:start -->`` … ``<!-- NAME:end -->`` block regenerated."""
    import re
    for name, block in readme_blocks().items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        text, n = re.subn(re.escape(start) + r".*?" + re.escape(end),
                          lambda _m: f"{start}\n{block}\n{end}", text, flags=re.S)
        if n != 1:
            raise SystemExit(f"README.md: the block {start} … {end} is missing")
    return text


def main() -> int:
    args = sys.argv[1:]
    if "--readme" in args:
        README.write_text(readme_with_blocks(README.read_text()))
        return 0
    ref = command_reference()
    if "--check" in args:
        stale = []
        if not DOC.exists() or DOC.read_text() != ref:
            stale.append("docs/commands.md: run `python -m ofsted_cli.docs > docs/commands.md`")
        text = README.read_text()
        if readme_with_blocks(text) != text:
            stale.append("README.md tables: run `python -m ofsted_cli.docs --readme`")
        for s in stale:
            print(f"out of date: {s}", file=sys.stderr)
        return 1 if stale else 0
    sys.stdout.write(ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
