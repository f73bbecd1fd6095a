"""Every table of our templates sits in its own scrolling region (WCAG 1.4.10 at 320px): a
`.table-wrap` the keyboard can reach (tabindex="0"), named by the table's caption, so a wide table
scrolls inside the page instead of the whole page scrolling sideways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "eppid"
TEMPLATES = sorted(SRC.glob("**/templates/**/*.html"))
WRAP = re.compile(
    r'<div class="table-wrap[^"]*" role="region" aria-labelledby="(?P<id>[^"]+)" tabindex="0">\s*'
    r"<table\b[^>]*>\s*<caption\b[^>]*\bid=\"(?P<caption>[^\"]+)\""
)


def _tables(path: Path) -> list[str]:
    return re.findall(r"(?s)(?:<div[^>]*>\s*)?<table\b.*?<caption\b[^>]*>", path.read_text())


@pytest.mark.parametrize("path", [p for p in TEMPLATES if "<table" in p.read_text()], ids=lambda p: p.name)
def test_every_table_scrolls_in_a_named_keyboard_region(path):
    for table in _tables(path):
        match = WRAP.search(table)
        assert match, f"{path}: a table outside a named .table-wrap region:\n{table[:300]}"
        assert match["id"] == match["caption"], f"{path}: the region is not named by the caption"
    assert len(_tables(path)) == path.read_text().count("<table"), f"{path}: a table without a caption"
