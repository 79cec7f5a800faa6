"""The command reference in docs/commands.md is generated from --help and must not drift."""
from ofsted_cli.docs import DOC, command_reference


def test_command_reference_is_current():
    assert DOC.exists(), "run: python -m ofsted_cli.docs > docs/commands.md"
    assert DOC.read_text() == command_reference(), "docs/commands.md drifted: python -m ofsted_cli.docs > docs/commands.md"


def test_every_command_is_documented():
    text = DOC.read_text()
    for name in ("extract", "grades", "recommendations", "diff", "export", "schema", "version", "text", "formats"):
        assert f"## `ofsted {name}`" in text
