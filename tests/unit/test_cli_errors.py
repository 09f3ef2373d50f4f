"""A CLI error is one whole line: a long path in it is never broken at the console's width
(a user copies it from a log or a pipe), and brackets in it are shown, not read as markup."""

from __future__ import annotations

import click
from click.testing import CliRunner

from touchpoint.cli.common import friendly_errors
from touchpoint.graph_model.model.errors import TouchpointError

LONG_PATH = "/srv/touchpoint/extracts/" + "nested-folder/" * 8 + "police_incidents_mapping.yml"
MESSAGE = f"{LONG_PATH}: entities[1].key[0]: field 'incident_no' is not produced by any column"


@click.command()
@friendly_errors
def failing() -> None:
    raise TouchpointError(MESSAGE)


def test_an_error_longer_than_the_console_is_printed_whole_on_one_line() -> None:
    result = CliRunner().invoke(failing, [], terminal_width=80)

    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"Error: {MESSAGE}"]


def test_markup_like_text_in_an_error_is_printed_as_text() -> None:
    @click.command()
    @friendly_errors
    def bracketed() -> None:
        raise TouchpointError("column [bold]name[/bold] is unknown")

    result = CliRunner().invoke(bracketed, [])

    assert "column [bold]name[/bold] is unknown" in result.output
