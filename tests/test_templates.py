"""Checks over every template of the project."""

from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parent.parent / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(path.parents[1])))
def test_comments_close_on_their_line(path):
    # {# … #} only works on one line: an unclosed one is printed on the page.
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        assert line.count("{#") == line.count("#}"), f"{path.name}:{number}: use {{% comment %}} across lines"
