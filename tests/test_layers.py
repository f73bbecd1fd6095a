"""Layers point one way (issue 11 item 3): no module of a lower layer imports a higher one.

The order is written once, in the ``layers`` block of docs/architecture.md; this test reads it,
walks every module of ``src/eppid`` (imports inside functions included) and names each import
that points up, and each package or module that is in no layer.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "eppid"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def layer_order(text: str) -> dict[str, int]:
    """{top-level name: rank} from the ``layers`` block (rank 0 is the top)."""
    block = re.search(r"^```layers\n(.*?)^```", text, re.M | re.S)
    if block is None:
        raise AssertionError("docs/architecture.md has no ```layers block")
    ranks: dict[str, int] = {}
    for rank, line in enumerate(block.group(1).strip().splitlines()):
        _name, _colon, members = line.partition(":")
        for member in members.split():
            assert member not in ranks, f"{member} is in two layers"
            ranks[member] = rank
    return ranks


def imported_names(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level name under eppid) of every import of ours in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "eppid":
                names = [f"eppid.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "eppid" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def top_level(path: Path, package: Path) -> str:
    return path.relative_to(package).parts[0].removesuffix(".py")


def layer_findings(package: Path, ranks: dict[str, int]) -> list[str]:
    findings = []
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        owner = top_level(path, package)
        if owner == "__init__":
            continue
        if owner not in ranks:
            findings.append(f"{owner}: in no layer of docs/architecture.md")
            continue
        for line, target in imported_names(ast.parse(path.read_text(encoding="utf-8"))):
            if target in ranks and ranks[target] < ranks[owner]:
                where = path.relative_to(package)
                findings.append(f"{where}:{line}: {owner} imports {target}, a higher layer")
    return sorted(set(findings))


def test_no_module_imports_a_higher_layer():
    ranks = layer_order(ARCHITECTURE.read_text(encoding="utf-8"))
    assert layer_findings(PACKAGE, ranks) == []


def test_every_package_is_in_a_layer_once():
    ranks = layer_order(ARCHITECTURE.read_text(encoding="utf-8"))
    present = {
        top_level(path, PACKAGE)
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
    }
    assert present - set(ranks) == set()


@pytest.mark.parametrize(
    "source",
    [
        "from eppid.api.problems import problem\n",
        "import eppid.office.access\n",
        "from eppid import portal\n",
        "def late():\n    from eppid.office.access import unit_permission_required\n",
    ],
)
def test_an_import_up_the_layers_is_found(tmp_path, source):
    package = tmp_path / "eppid"
    (package / "signing").mkdir(parents=True)
    (package / "signing" / "views.py").write_text(source)
    (package / "core").mkdir()
    (package / "core" / "text.py").write_text("from eppid.conf import env_str\n")
    ranks = layer_order(
        "```layers\nscreens: api office portal\ninfra: signing\ncore: core\nsettings: conf\n```\n"
    )

    findings = layer_findings(package, ranks)

    assert len(findings) == 1 and findings[0].startswith("signing/views.py:")


def test_a_module_in_no_layer_is_found(tmp_path):
    package = tmp_path / "eppid"
    (package / "newapp").mkdir(parents=True)
    (package / "newapp" / "models.py").write_text("import os\n")

    assert layer_findings(package, {"core": 0}) == ["newapp: in no layer of docs/architecture.md"]
