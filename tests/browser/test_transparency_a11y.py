"""The public transparency page, read by axe in both languages, with and without a checkpoint."""

import pytest

from eppid.integrity import merkle
from eppid.integrity.checkpoints import checkpoint_publish
from eppid.integrity.tree import tree_append

pytestmark = [
    pytest.mark.usefixtures("empty_log"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def integrity_dirs(settings, tmp_path):
    settings.EPPID_LOG_SIGNING_KEY_FILE = str(tmp_path / "keys" / "log-signing.key")
    settings.EPPID_CHECKPOINT_DIR = str(tmp_path / "checkpoints")


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_transparency_page_has_no_accessibility_violations(page, live_server, axe_check, prefix):
    response = page.goto(prefix + "transparansi/")
    assert response.status == 200
    axe_check(page)

    for i in range(3):
        tree_append(i, merkle.leaf_hash(f"entry {i}".encode()))
    checkpoint_publish()
    page.goto(prefix + "transparansi/")
    assert page.locator("pre").first.inner_text().startswith("eppid.localhost/log\n3\n")
    axe_check(page)

    page.locator("footer a[href$='transparansi/']").click()
    page.wait_for_load_state()
    assert page.url.endswith(prefix + "transparansi/")
