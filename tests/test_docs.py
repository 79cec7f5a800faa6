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
    from ofsted_cli.cli import EXIT_MEANINGS, Exit
    assert {int(e) for e in Exit} <= {c for c, _ in EXIT_MEANINGS}
