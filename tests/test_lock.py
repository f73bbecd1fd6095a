"""pyproject.toml and the lock files agree, and the locks name PyPI files by hash only.

`make install` installs requirements/lock.txt with --require-hashes, so what CI tests is what a
fresh `make run` gets; production installs requirements/production.txt the same way. Both are
written by `make lock` (decision 1240). A dependency added to pyproject.toml without `make lock`,
a range the locked version no longer meets, a dependency dropped from pyproject.toml but left in
the lock, or a local index or file leaking into a lock fails here, offline.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCK = ROOT / "requirements" / "lock.txt"
PRODUCTION = ROOT / "requirements" / "production.txt"
BUILD_IN = ROOT / "requirements" / "build.in"

_ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+?)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)
_HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}(?:\s*\\)?$")
_VIA = re.compile(r"^\s+#\s+(?:via\s+)?(?P<source>.+?)\s*$")


@dataclass
class Locked:
    version: str
    marker: str | None
    hashes: int
    via: list[str]


def parse_lock(path: Path) -> dict[str, Locked]:
    """{canonical name: Locked} of a uv/pip-tools lock with hashes; refuses anything else in it."""
    entries: dict[str, Locked] = {}
    current = None
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            continue  # the header
        if match := _ENTRY.match(line):
            current = canonicalize_name(match["name"])
            assert current not in entries, f"{path.name}:{number}: {current} locked twice"
            entries[current] = Locked(match["version"], match["marker"], 0, [])
        elif _HASH.match(line) and current:
            entries[current].hashes += 1
        elif (match := _VIA.match(line)) and current:
            if match["source"] != "via":
                entries[current].via.append(match["source"])
        else:
            pytest.fail(f"{path.name}:{number}: not a pinned, hashed PyPI requirement: {line!r}")
    return entries


def wanted() -> list[Requirement]:
    """Everything pyproject.toml asks for: dependencies, the dev extra and the build backend."""
    project = PYPROJECT["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    lines += PYPROJECT["build-system"]["requires"]
    lines += [line for line in BUILD_IN.read_text().splitlines() if line.strip() and not line.startswith("#")]
    return [Requirement(line) for line in lines]


def _applies(requirement: Requirement) -> bool:
    return requirement.marker is None or requirement.marker.evaluate({"python_version": "3.11"})


@pytest.fixture(scope="module")
def lock() -> dict[str, Locked]:
    return parse_lock(LOCK)


@pytest.fixture(scope="module")
def production() -> dict[str, Locked]:
    return parse_lock(PRODUCTION)


def lock_problems(lock: dict[str, Locked]) -> list[str]:
    problems = []
    for requirement in filter(_applies, wanted()):
        locked = lock.get(canonicalize_name(requirement.name))
        if locked is None:
            problems.append(f"{requirement} is missing from the lock")
        elif not requirement.specifier.contains(locked.version, prereleases=True):
            problems.append(f"{requirement} but the lock has {locked.version}")
        for extra in requirement.extras:  # psycopg[binary] -> psycopg-binary
            if canonicalize_name(f"{requirement.name}-{extra}") not in lock:
                problems.append(f"{requirement}: {requirement.name}-{extra} is missing from the lock")
    return problems


def test_every_dependency_is_locked_at_a_version_its_range_allows(lock):
    problems = lock_problems(lock)
    assert not problems, "pyproject.toml and requirements/lock.txt disagree (run `make lock`):\n" + "\n".join(
        problems
    )


def test_nothing_is_locked_for_a_dependency_pyproject_no_longer_has(lock):
    direct = {canonicalize_name(requirement.name) for requirement in wanted()}
    stale = [
        name
        for name, locked in lock.items()
        if name not in direct and any(source.startswith("eppid") for source in locked.via)
    ]
    assert not stale, f"locked as direct dependencies but not in pyproject.toml (run `make lock`): {stale}"


def test_every_locked_file_is_pinned_by_hash(lock, production):
    for entries in (lock, production):
        unhashed = [name for name, locked in entries.items() if locked.hashes == 0]
        assert not unhashed, unhashed
        for locked in entries.values():
            if locked.marker:
                Marker(locked.marker)  # a marker pip can evaluate on any platform


@pytest.mark.parametrize("path", [LOCK, PRODUCTION], ids=lambda path: path.name)
def test_the_locks_name_no_local_index_file_or_option(path):
    text = path.read_text()
    for forbidden in (
        "file:",
        "--index-url",
        "--extra-index-url",
        "--find-links",
        "-e ",
        "/opt/",
        "--trusted-host",
    ):
        assert forbidden not in text, f"{path.name} names {forbidden!r}: the locks are PyPI's files only"
    assert text.startswith("# This file was autogenerated by uv")
    assert "#    make lock" in text.splitlines()[1]


def test_production_is_the_full_lock_without_the_dev_tools(lock, production):
    for name, locked in production.items():
        assert name in lock, f"{name} is in production.txt but not in lock.txt"
        assert lock[name].version == locked.version, f"{name}: {locked.version} vs {lock[name].version}"
        assert lock[name].hashes == locked.hashes, name
    runtime = {canonicalize_name(Requirement(line).name) for line in PYPROJECT["project"]["dependencies"]}
    assert runtime <= production.keys()
    dev = {
        canonicalize_name(Requirement(line).name)
        for line in PYPROJECT["project"]["optional-dependencies"]["dev"]
    }
    assert not (dev - runtime) & production.keys(), "dev tools in the production lock"


def test_the_checks_catch_what_they_are_for(tmp_path, lock):
    bad = tmp_path / "lock.txt"
    bad.write_text(
        "django==5.2.19 \\\n    --hash=sha256:" + "0" * 64 + "\n--extra-index-url file:///opt/pypi/simple\n"
    )
    with pytest.raises(pytest.fail.Exception, match="not a pinned, hashed PyPI requirement"):
        parse_lock(bad)
    without_django = {name: locked for name, locked in lock.items() if name != "django"}
    assert any("Django" in problem and "missing" in problem for problem in lock_problems(without_django))
    too_old = {**lock, "django": Locked("5.2.18", None, 1, [])}
    assert any("but the lock has 5.2.18" in problem for problem in lock_problems(too_old))
