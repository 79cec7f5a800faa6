"""The command reference in docs/commands.md is generated from --help and must not drift;
every command of the Typer app has its section."""
import pytest
import typer

from ofsted_cli.cli import app
from ofsted_cli.docs import DOC, command_reference

COMMANDS = sorted(c.name for c in typer.main.get_command(app).commands.values())


def test_command_reference_is_current():
    assert DOC.exists(), "run: python -m ofsted_cli.docs > docs/commands.md"
    assert DOC.read_text() == command_reference(), "docs/commands.md drifted: python -m ofsted_cli.docs > docs/commands.md"


def test_the_app_has_the_commands_of_the_design_card():
    assert {"extract", "grades", "recommendations", "diff"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name):
    assert f"## `ofsted {name}`" in DOC.read_text()


def test_readme_tables_are_generated_from_the_registries():
    """The family table, the error and warning codes and the exit statuses in the README are
    generated (python -m ofsted_cli.docs --readme) and must not drift."""
    from ofsted_cli.docs import README, readme_with_blocks
    text = README.read_text()
    assert readme_with_blocks(text) == text, "README tables drifted: python -m ofsted_cli.docs --readme"


def test_exit_statuses_documented_are_the_ones_used():
    from ofsted_cli.errors import EXIT_MEANINGS, Exit
    assert {int(e) for e in Exit} <= {c for c, _ in EXIT_MEANINGS}


def test_the_cli_uses_no_private_typer_name_and_the_document_no_layout():
    """Typer's private names live in typer_compat.py only (with fallbacks); the document model
    does not know the layout built on it (imports in one direction)."""
    import re
    from pathlib import Path
    pkg = Path(__file__).resolve().parent.parent / "ofsted_cli"
    cli = (pkg / "cli.py").read_text()
    assert not re.search(r"_runtime_param|typer\._|monkeypatch|TyperArgument\.", cli)
    assert len(cli.splitlines()) <= 450
    assert "layout" not in re.findall(r"^\s*(?:from|import)\s+\S+", (pkg / "document.py").read_text(), re.M).__str__()


def test_help_fits_80_columns_everywhere():
    import os
    import subprocess
    import sys
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    for cmd in [[]] + [[c] for c in COMMANDS]:
        out = subprocess.run([sys.executable, "-m", "ofsted_cli", *cmd, "--help"], capture_output=True, text=True,
                             env=env).stdout
        long = [line for line in out.splitlines() if len(line) > 80]
        assert out and not long, (cmd, long)
