"""The scale-out stack (issue 14 item 3): sessions, files and rate limits across two app servers.

Runs against the stack of scripts/stack.py (started here when it is not running; ``make stack``
leaves it up). Skipped where nginx or the machine's PostgreSQL is missing; CI has both.
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import stack_client as sc  # noqa: E402

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed"),
    pytest.mark.timeout(600),
]
APP1, APP2 = sc.PORTS["app1"], sc.PORTS["app2"]
ORIGIN = sc.stack.URL
UNKNOWN_REQUEST = "/api/v1/requests/35.04-2026-99999"


@pytest.fixture(scope="module")
def stack_up():
    try:
        import psycopg

        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except Exception:  # noqa: BLE001 - any failure means no cluster to run on
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    was_up = sc.stack.pid_of("nginx") is not None
    subprocess.run(  # noqa: S603 - our own script
        [sc.PYTHON, "scripts/stack.py", "up", "--profile", "default", "--storage", "filesystem"],
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    yield
    if not was_up:  # leave the machine as we found it
        subprocess.run([sc.PYTHON, "scripts/stack.py", "down"], cwd=ROOT, check=False, timeout=120)  # noqa: S603


class Browser:
    """A citizen's browser whose requests we send to the app server we choose."""

    def __init__(self, address: str):
        self.cookies: dict[str, str] = {}
        self.address = address

    def go(self, method: str, path: str, port: int, body: bytes | None = None, content_type: str = ""):
        headers = {
            "Host": f"127.0.0.1:{sc.PORTS['https']}",
            "X-Forwarded-For": self.address,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if method == "POST":
            headers.update({"Origin": ORIGIN, "Referer": ORIGIN + path, "Content-Type": content_type})
        answer = sc.call(method, path, body=body, headers=headers, port=port)
        for name, value in answer.headers.items():
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return answer

    def form(self, path: str, port: int, fields: dict, files: dict | None = None):
        page = self.go("GET", path, port).body.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body, content_type = sc.multipart({"csrfmiddlewaretoken": token, **fields}, files or {})
        return self.go("POST", path, port, body, content_type)


def test_a_wizard_session_and_its_upload_continue_on_the_other_app_server(stack_up):
    from tests.request_support import answers

    browser = Browser("198.51.100.7")
    ports = [APP1, APP2]
    for number, (step, data) in enumerate(answers().items()):
        answer = browser.form(f"/en/permohonan/{step}/", ports[number % 2], data)
        assert answer.status == 302, (step, answer.status, answer.body[:300])
    assert any(name.startswith("__Host-session") for name in browser.cookies)
    # The identity document is uploaded through app server 1 ...
    upload = browser.form(
        "/en/permohonan/documents/", APP1, {}, {"identity_document": ("ktp.png", "image/png", sc.PNG)}
    )
    assert upload.status == 302 and upload.headers["Location"].endswith("/permohonan/periksa/")
    # ... and app server 2 finds the answers (session in Redis) and the file (shared store).
    check = browser.go("GET", "/en/permohonan/periksa/", APP2)
    assert check.status == 200 and "ktp.png" in check.body.decode()
    done = browser.form("/en/permohonan/periksa/", APP2, {})
    assert done.status == 302, done.body[:500]
    page = browser.go("GET", done.headers["Location"], APP1).body.decode()
    number = re.search(r"35\.04-\d{4}-\d{5}", page).group(0)
    assert sc.integrity_problems([number], receipts_within=60) == []


def test_a_receipt_stored_by_one_app_server_is_served_by_the_other(stack_up):
    created = sc.submit(0, port=APP1)
    assert created.status == 201, created.body[:300]
    receipt = created.json()["receipt_url"]
    assert receipt.startswith(ORIGIN + "/")
    served = sc.call("GET", receipt.removeprefix(ORIGIN), port=APP2)
    assert served.status == 200 and served.body.startswith(b"%PDF")
    # And through nginx, whichever server answers.
    assert sc.call("GET", receipt.removeprefix(ORIGIN)).body.startswith(b"%PDF")


def test_rate_limits_count_across_both_app_servers(stack_up):
    # EPPID_REQUEST_STATUS_RATE is 20/m per client address: 10 on each server, then refused. The
    # limit counts in fixed one-minute windows: a run that straddles the window's end starts the
    # count again, so a second run (a new address, a new window) decides.
    for attempt in range(2):
        address = f"203.0.113.{secrets.randbelow(200) + 1}"
        headers = {"X-Forwarded-For": address, "X-Tracking-Code": "x" * 32}
        statuses = [
            sc.call(
                "GET", "/api/v1/requests/35.04-2026-99999", headers=headers, port=(APP1, APP2)[i % 2]
            ).status
            for i in range(22)
        ]
        if statuses == [404] * 20 + [429, 429] or attempt == 1:
            break
    assert statuses[:20] == [404] * 20
    assert statuses[20:] == [429, 429]
    # Another address is not affected.
    other = {**headers, "X-Forwarded-For": "198.51.100.7"}
    assert sc.call("GET", UNKNOWN_REQUEST, headers=other, port=APP2).status == 404


def test_nginx_answers_clearly_when_no_app_server_can(stack_up):
    sc.stack.stop("app1")
    sc.stack.stop("app2")
    try:
        page = sc.call("GET", "/en/")
        api = sc.call("GET", "/api/v1/units")
    finally:
        env = sc.stack.stack_env()
        for name in ("app1", "app2"):
            sc.stack.start(name, env)
        for name in ("app1", "app2"):
            sc.stack.wait_http(sc.PORTS[name])
    assert page.status == 503 and b"Service temporarily unavailable" in page.body
    assert api.status == 503 and api.json()["status"] == 503
    assert page.headers.get("Retry-After") == "30"
