"""Load scenario against the stack (issue 14 item 4; run by bench/stack_load.py, docs/decisions/1462).

Citizens browse (home, the unit list, a unit page, its information list), search the information
list, file a request with an identity scan through the API and check its status; staff list their
unit's requests and decide received ones through the API. ``BareUser`` hits the two bare baseline
views (bench/stack_urls.py) and runs alone, in its own phase of the same run.

    locust -f bench/locustfile.py --headless -H https://127.0.0.1:18443 Citizen Staff
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from locust import HttpUser, between, constant, task

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import stack_client as sc  # noqa: E402

CERT = str(sc.STATE / "tls" / "cert.pem")
# LOAD_THINK=0: no think time (capacity, for the ratio to the bare view); else 1-3 s between tasks.
THINK = constant(0) if os.environ.get("LOAD_THINK") == "0" else between(1, 3)
SEARCHES = ("anggaran", "pemilu", "laporan", "rapat pleno", "pengawasan", "informasi")
UNITS = ("35.04", "35", "00", "31", "32.01")
DECISIONS = (
    {"outcome": "granted", "explanation": "The minutes are attached."},
    {"outcome": "not_held", "explanation": "Held by the KPU.", "held_by": "KPU Kabupaten Tulungagung"},
)


class Citizen(HttpUser):
    weight = 9
    wait_time = THINK

    def on_start(self):
        self.client.verify = CERT
        self.client.headers["Accept-Language"] = "id"
        self.filed: list[tuple[str, str]] = []

    @task(4)
    def browse(self):
        self.client.get("/", name="GET /")
        self.client.get("/units/", name="GET /units/")
        code = random.choice(UNITS)  # noqa: S311 - load, not security
        self.client.get(f"/units/{code}/", name="GET /units/[code]/")
        self.client.get(f"/units/{code}/informasi/", name="GET /units/[code]/informasi/")

    @task(3)
    def search(self):
        words = random.choice(SEARCHES)  # noqa: S311 - load, not security
        self.client.get("/informasi/", params={"q": words}, name="GET /informasi/?q=")
        self.client.get("/api/v1/information", params={"q": words}, name="GET /api/v1/information?q=")

    @task(1)
    def file_request(self):
        body, content_type = sc.submission(random.randrange(10**6))  # noqa: S311
        headers = {"Content-Type": content_type}
        name = "POST /api/v1/requests"
        with self.client.post(
            "/api/v1/requests", data=body, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code == 201:
                answer = response.json()
                self.filed.append((answer["registration_number"], answer["tracking_code"]))
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(2)
    def check_status(self):
        if not self.filed:
            return
        number, code = random.choice(self.filed)  # noqa: S311
        self.client.get(
            f"/api/v1/requests/{number}",
            headers={"X-Tracking-Code": code},
            name="GET /api/v1/requests/[number]",
        )


class Staff(HttpUser):
    weight = 1
    wait_time = THINK

    def on_start(self):
        self.client.verify = CERT
        tokens = json.loads((sc.STATE / "demo.json").read_text())["tokens"]
        self.client.headers["Authorization"] = f"Bearer {tokens['ppid.tulungagung']}"
        self.client.headers["Accept-Language"] = "en"

    @task(3)
    def list_requests(self):
        self.client.get(
            "/api/v1/staff/requests", params={"status": "received"}, name="GET /api/v1/staff/requests"
        )

    @task(1)
    def decide(self):
        listed = self.client.get(
            "/api/v1/staff/requests", params={"status": "received"}, name="GET /api/v1/staff/requests"
        )
        if listed.status_code != 200:
            return
        items = listed.json().get("results", [])
        mine = [item for item in items if item.get("unit") == "35.04"]
        if not mine:
            return
        number = random.choice(mine)["registration_number"]  # noqa: S311
        with self.client.post(
            f"/api/v1/staff/requests/{number}/decision", json=random.choice(DECISIONS),  # noqa: S311
            name="POST /api/v1/staff/requests/[number]/decision", catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code == 409:  # another staff user decided it first: not an error
                response.success()


class BareUser(HttpUser):
    """The floor, measured in the same run: a bare 10 KB page and the bare multipart insert."""

    wait_time = THINK

    def on_start(self):
        self.client.verify = CERT

    @task(9)
    def bare_page(self):
        self.client.get("/bench/bare-page", name="GET /bench/bare-page")

    @task(1)
    def bare_insert(self):
        body, content_type = sc.submission(0)
        self.client.post(
            "/bench/bare-insert",
            data=body,
            headers={"Content-Type": content_type},
            name="POST /bench/bare-insert",
        )
