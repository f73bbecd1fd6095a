"""The public transparency page: plain explanation, the latest checkpoint, the verifier key, and
a verification program that really verifies (run here against a live server)."""

import html
import io
import re
from contextlib import redirect_stdout

import pytest
from django.urls import reverse

from eppid.integrity import merkle, note
from eppid.integrity.checkpoints import checkpoint_publish
from eppid.integrity.models import TreeNode
from eppid.integrity.tree import tree_append

pytestmark = pytest.mark.usefixtures("empty_log")


@pytest.fixture(autouse=True)
def integrity_dirs(settings, tmp_path):
    settings.EPPID_LOG_SIGNING_KEY_FILE = str(tmp_path / "keys" / "log-signing.key")
    settings.EPPID_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.EPPID_LOG_KEY_NAME = "eppid-test"


def grow(n):
    for i in range(n):
        tree_append(i, merkle.leaf_hash(f"entry {i}".encode()))


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "heading"), [("", "Log transparansi"), ("/en", "Transparency log")])
def test_page_shows_checkpoint_and_key_in_both_languages(client, prefix, heading):
    grow(6)
    checkpoint = checkpoint_publish()
    response = client.get(f"{prefix}/transparansi/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert html.escape(note.verifier_key()) in page
    assert checkpoint.root_hash in page
    assert html.escape(checkpoint.note) in page
    assert reverse("portal:transparency") in page  # the footer links here


@pytest.mark.django_db
def test_page_before_any_checkpoint(client):
    response = client.get("/en/transparansi/")
    assert response.status_code == 200
    assert "No checkpoint has been published yet." in response.content.decode()


def snippet(page: str) -> str:
    code = re.search(r'<pre[^>]*id="verify-snippet"[^>]*>(.*?)</pre>', page, flags=re.S).group(1)
    return html.unescape(code)


@pytest.mark.django_db(transaction=True)
def test_the_published_program_verifies_inclusion(client, live_server):
    grow(13)
    checkpoint_publish()
    code = snippet(
        client.get("/en/transparansi/", HTTP_HOST=live_server.url.removeprefix("http://")).content.decode()
    )
    assert f'BASE = "{live_server.url}/api/v1/transparency"' in code
    out = io.StringIO()
    with redirect_stdout(out):
        exec(compile(code, "snippet", "exec"), {})  # noqa: S102 (our own page's published program)
    assert out.getvalue().strip() == "entry 0 is in the signed log"

    # After a rewrite of entry 0 (cache edited, checkpoint unchanged) the same program says so.
    TreeNode.objects.filter(level=0, index=0).update(hash=merkle.leaf_hash(b"forged").hex())
    out = io.StringIO()
    with redirect_stdout(out):
        exec(compile(code, "snippet", "exec"), {})  # noqa: S102
    assert out.getvalue().strip() == "entry 0 is NOT in the signed log"
