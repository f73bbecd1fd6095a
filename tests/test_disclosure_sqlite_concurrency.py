"""Registration numbers stay unique and gapless on SQLite too, with writers in parallel.

The test database of the suite lives in memory, which threads do not share; so this runs a real
site: a SQLite file in its own data dir, migrated by manage.py, with several processes filing at
once, as `make run` serves (runserver threads, the task worker) on one laptop.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone
from tests.site_support import ON_POSTGRES, ROOT, Site

pytestmark = pytest.mark.skipif(
    ON_POSTGRES, reason="the SQLite variant; PostgreSQL runs the 200-submission test"
)

PROCESSES, EACH = 4, 5

FILE = r"""
import json, sys
import django
django.setup()
from tests.disclosure_support import pdf_upload, request_data
from eppid.disclosure.services import request_submit
numbers = []
for _ in range(int(sys.argv[1])):
    result = request_submit(data=request_data(), identity_document=pdf_upload())
    numbers.append(result.request.registration_number)
print(json.dumps(numbers))
"""


def _file(site: Site) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", FILE, str(EACH)],
        env={**site.env(), "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_parallel_writers_on_a_sqlite_file_get_gapless_numbers(tmp_path):
    site = Site(tmp_path / "site")
    site.data_dir.mkdir()
    migrated = site.manage("migrate", "--no-input", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    with ThreadPoolExecutor(PROCESSES) as pool:
        runs = list(pool.map(lambda _: _file(site), range(PROCESSES)))
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
    numbers = [number for run in runs for number in json.loads(run.stdout.strip().splitlines()[-1])]
    year = timezone.localdate().year
    assert sorted(numbers) == [f"35.04-{year}-{n:05d}" for n in range(1, PROCESSES * EACH + 1)]
    verified = site.manage("verify_integrity")
    assert verified.returncode == 0, verified.stdout + verified.stderr
