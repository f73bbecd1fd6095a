"""Imports sit at the top of their module (issue 11 item 3).

An import inside a function hides a dependency from the reader; it is allowed only where something
forces it (the app registry is not ready when the module is imported, or a real import cycle), and
then it says why: ``# local: <reason>`` on the import's own line or on the line above. One comment
above a run of imports (no line between them) covers the run. This test names every import in a
function of ``src/eppid`` (migrations aside) that gives no such reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "eppid"
MARK = "# local:"


def _explained(node: ast.stmt, lines: list[str], ends: dict[int, ast.stmt]) -> bool:
    """Whether ``node``'s lines, or the line above it or above the run of imports it ends, say why."""
    while True:
        if any(MARK in line for line in lines[node.lineno - 1 : node.end_lineno]):
            return True
        above = node.lineno - 1
        if above in ends:  # the import just above: the reason may sit above the run
            node = ends[above]
            continue
        return above >= 1 and MARK in lines[above - 1]


def unexplained_local_imports(package: Path) -> list[str]:
    findings = []
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.relative_to(package).parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        local: dict[int, ast.stmt] = {}
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        local[node.lineno] = node
        ends = {node.end_lineno: node for node in local.values()}
        for line, node in sorted(local.items()):
            if not _explained(node, lines, ends):
                findings.append(f"{path.relative_to(package)}:{line}: {lines[line - 1].strip()}")
    return findings


def test_every_import_in_a_function_says_why_it_is_there():
    assert unexplained_local_imports(PACKAGE) == []


@pytest.mark.parametrize(
    "source",
    [
        "def late():\n    import json\n",
        "def late():\n    from eppid.core import text\n",
        "class View:\n    def get(self):\n        from eppid.core import (\n            text,\n        )\n",
        "async def late():\n    # a comment that gives no reason\n    import json\n",
        "def late():\n    # local: app registry not ready at import\n    import json\n\n    import os\n",
    ],
)
def test_an_unexplained_local_import_is_found(tmp_path, source):
    package = tmp_path / "eppid"
    (package / "app" / "migrations").mkdir(parents=True)
    (package / "app" / "views.py").write_text(source)
    (package / "app" / "top.py").write_text("import json\n\n\ndef fine():\n    return json\n")
    (package / "app" / "apps.py").write_text(
        "def ready():\n    # local: app registry not ready at import\n    from eppid.app import models\n"
        "    from eppid.app import (\n        forms,\n    )\n"
        "    from eppid.app import signals  # local: connects the receivers\n"
    )
    (package / "app" / "migrations" / "0001_initial.py").write_text("def forwards():\n    import json\n")

    findings = unexplained_local_imports(package)

    assert len(findings) == 1 and findings[0].startswith("app/views.py:")
