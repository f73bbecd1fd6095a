"""Layers point one way (issue 11 item 3): no module of a lower layer imports a higher one.

The order is written once, in the ``layers`` block of docs/architecture.md; this test reads it,
walks every module of ``src/eppid`` (imports inside functions included) and names each import
that points up, and each package or module that is in no layer.

The tests have one rule of their own (issue 11 item 8): a test module never imports another test
module. What several test files share lives in a support module (``tests/<area>_support.py``,
``tests/browser/browser_support.py``) or in a fixture of ``conftest.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "eppid"
TESTS = ROOT / "tests"
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


# --- tests import support modules, never each other ------------------------------------------------


def imported_test_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import in ``tree`` of a module whose last component starts with
    ``test_`` (``import tests.test_x``, ``from tests.test_x import y``, ``from tests import test_x``,
    ``from .test_x import y``, ``import test_x``), imports inside functions included."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            modules = [base]
            modules += [f"{base.rstrip('.')}.{alias.name}".lstrip(".") for alias in node.names]
        else:
            continue
        found += [(node.lineno, name) for name in modules if name.rsplit(".", 1)[-1].startswith("test_")]
    return found


def cross_test_imports(root: Path) -> list[str]:
    findings = []
    for path in sorted(root.rglob("*.py")):
        for line, module in imported_test_modules(ast.parse(path.read_text(encoding="utf-8"))):
            findings.append(f"{path.relative_to(root)}:{line}: imports the test module {module}")
    return findings


def test_no_test_module_imports_another():
    assert cross_test_imports(TESTS) == []


@pytest.mark.parametrize(
    "source",
    [
        "from tests.test_backup import Site\n",
        "from tests.browser.test_ui_browser import ensure_tulungagung\n",
        "import tests.test_settings\n",
        "from tests import test_settings\n",
        "from .test_settings import refusal\n",
        "def late():\n    from test_integrity_log import fresh_database\n",
    ],
)
def test_a_test_module_importing_another_is_found(tmp_path, source):
    (tmp_path / "browser").mkdir()
    (tmp_path / "browser" / "test_new.py").write_text(source)
    (tmp_path / "fine_support.py").write_text("from tests.text_strategies import hostile_text\n")
    (tmp_path / "test_fine.py").write_text("import pytest\nfrom tests.fine_support import x\n")

    findings = cross_test_imports(tmp_path)

    assert len(findings) == 1 and findings[0].startswith("browser/test_new.py:")
