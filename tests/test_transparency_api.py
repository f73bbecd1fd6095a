"""Public transparency endpoints: the signed checkpoint, the verifier key and RFC 9162 proofs."""

import pytest

from eppid.integrity import merkle, note
from eppid.integrity.checkpoints import checkpoint_publish
from eppid.integrity.tree import tree_append

pytestmark = [pytest.mark.usefixtures("empty_log"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def integrity_dirs(settings, tmp_path):
    settings.EPPID_LOG_SIGNING_KEY_FILE = str(tmp_path / "keys" / "log-signing.key")
    settings.EPPID_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.EPPID_LOG_KEY_NAME = "eppid-test"
    settings.EPPID_LOG_ORIGIN = "eppid.localhost/log"


@pytest.fixture
def log():
    entries = [f"entry {i}".encode() for i in range(11)]
    for i, entry in enumerate(entries):
        tree_append(i, merkle.leaf_hash(entry))
    return [merkle.leaf_hash(e) for e in entries]


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_checkpoint_and_key_are_plain_text_that_verify(client, log):
    checkpoint_publish()
    key = client.get("/api/v1/transparency/key")
    assert key.status_code == 200 and key["Content-Type"].startswith("text/plain")
    response = client.get("/api/v1/transparency/checkpoint")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    body = note.checkpoint_parse(note.note_open(response.content.decode(), key.content.decode().strip()))
    assert (body.origin, body.size, body.root) == ("eppid.localhost/log", 11, merkle.root(log))


def test_no_checkpoint_yet_is_a_404_problem(client):
    problem(client.get("/api/v1/transparency/checkpoint"), 404)


def test_inclusion_proof_verifies_against_the_root(client, log):
    response = client.get("/api/v1/transparency/proof", {"leaf_index": 6, "tree_size": 9})
    assert response.status_code == 200
    body = response.json()
    assert body["leaf_index"] == 6 and body["tree_size"] == 9
    assert body["leaf_hash"] == log[6].hex()
    path = [bytes.fromhex(h) for h in body["audit_path"]]
    assert merkle.verify_inclusion(6, 9, log[6], path, merkle.root(log[:9]))
    assert "max-age" in response["Cache-Control"]


def test_consistency_proof_verifies_between_the_roots(client, log):
    response = client.get("/api/v1/transparency/consistency", {"first": 3, "second": 11})
    assert response.status_code == 200
    body = response.json()
    assert (body["first"], body["second"]) == (3, 11)
    proof = [bytes.fromhex(h) for h in body["proof"]]
    assert merkle.verify_consistency(3, 11, merkle.root(log[:3]), merkle.root(log), proof)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("proof", {"leaf_index": 0, "tree_size": 12}, "tree_size"),
        ("proof", {"leaf_index": 9, "tree_size": 9}, "leaf_index"),
        ("proof", {"leaf_index": -1, "tree_size": 5}, "leaf_index"),
        ("proof", {"leaf_index": "x", "tree_size": 5}, "leaf_index"),
        ("proof", {"tree_size": 5}, "leaf_index"),
        ("proof", {"leaf_index": 0, "tree_size": 0}, "tree_size"),
        ("proof", {"leaf_index": 0, "tree_size": 10**30}, "tree_size"),
        ("consistency", {"first": 4, "second": 12}, "second"),
        ("consistency", {"first": 5, "second": 4}, "first"),
        ("consistency", {"first": 0, "second": 4}, "first"),
        ("consistency", {"first": 2}, "second"),
    ],
)
def test_bad_parameters_are_422_problems(client, log, path, params, field):
    body = problem(client.get(f"/api/v1/transparency/{path}", params), 422)
    assert field in body["errors"]


def test_rate_limited_like_the_units_api(client, settings, log):
    settings.RATELIMIT_ENABLE = True
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "api-public": "2/m"}
    for _ in range(2):
        assert client.get("/api/v1/transparency/key").status_code == 200
    problem(client.get("/api/v1/transparency/proof", {"leaf_index": 0, "tree_size": 1}), 429)


def test_openapi_documents_the_plain_text_answers(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for name in ("checkpoint", "key"):
        assert "text/plain" in paths[f"/api/v1/transparency/{name}"]["get"]["responses"]["200"]["content"]
    params = {p["name"] for p in paths["/api/v1/transparency/proof"]["get"]["parameters"]}
    assert params == {"leaf_index", "tree_size"}
