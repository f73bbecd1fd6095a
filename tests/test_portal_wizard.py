"""The one citizen wizard: the request wizard and the ground-b objection wizard follow one rule."""

import re
import time

import pytest
from tests.request_support import answers

from eppid.disclosure.models import InformationRequest
from eppid.objections.models import Objection

pytestmark = pytest.mark.django_db

WIZARDS = {
    "request": ("/en/permohonan/", "request_wizard"),
    "periodic": ("/en/keberatan/berkala/", "periodic_objection_wizard"),
}
IDENTITY_STEPS = ("unit", "requester-type", "identity", "contact")


def error_summary(response) -> str:
    summary = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    return summary.group(0) if summary else ""


def store(client, session_key: str, steps: dict) -> None:
    session = client.session
    session[session_key] = {"started": time.time(), "steps": steps, "files": {}}
    session.save()


@pytest.mark.parametrize(
    "unit",
    ["99.99", "", "35.04.0101", "35.04\x00"],
    ids=["unknown", "missing", "too-long", "control-character"],
)
def test_both_wizards_refuse_a_bad_unit_the_same_way(client, unit):
    summaries = {}
    for name, (prefix, session_key) in WIZARDS.items():
        response = client.post(f"{prefix}unit/", {"unit": unit})
        assert response.status_code == 200, name
        summaries[name] = error_summary(response)
        assert summaries[name], name
        assert "unit" not in client.session.get(session_key, {}).get("steps", {}), name
    if unit:
        assert summaries["request"] == summaries["periodic"]
    else:  # the one rule, each flow's own question: its words for the empty choice
        assert "the Bawaslu office that holds the information" in summaries["request"]
        assert "the Bawaslu office that should have published the information" in summaries["periodic"]


@pytest.mark.parametrize(
    "unit",
    ["99.99", "", "35.04.0101", "35.04\x00"],
    ids=["unknown", "empty", "too-long", "control-character"],
)
def test_a_stored_unit_that_is_no_office_sends_both_wizards_back_to_the_unit_step(client, unit):
    # A unit closed or recoded after it was chosen, or a session that holds a bad code: the one
    # rule (the unit step's form accepts the stored answer) sends both wizards back, never a 500.
    data = answers()
    steps = {step: data[step] for step in IDENTITY_STEPS} | {"unit": {"unit": unit}}
    for name, (prefix, session_key) in WIZARDS.items():
        store(client, session_key, steps)
        for page in ("identity/", "contact/", "periksa/"):
            response = client.get(f"{prefix}{page}")
            assert response.status_code == 302, (name, page)
            assert response["Location"] == f"{prefix}unit/", (name, page)
        response = client.post(f"{prefix}periksa/")
        assert response["Location"] == f"{prefix}unit/", name
    assert not InformationRequest.objects.exists() and not Objection.objects.exists()


def test_each_wizard_keeps_its_answers_under_its_own_key(client):
    data = answers()
    request_steps = {"unit": data["unit"]}
    store(client, WIZARDS["request"][1], request_steps)
    session = client.session
    session[WIZARDS["periodic"][1]] = {"started": 0, "steps": {"unit": {"unit": "35"}}, "files": {}}
    session.save()
    page = client.get("/en/keberatan/berkala/unit/")  # the expired ground-b answers are forgotten
    assert page.status_code == 200
    assert client.session[WIZARDS["request"][1]]["steps"] == request_steps
    assert client.session[WIZARDS["periodic"][1]]["steps"] == {}


@pytest.mark.parametrize("name", WIZARDS)
def test_the_steps_share_one_page_with_the_wizards_own_words(client, name):
    prefix, _session_key = WIZARDS[name]
    data = answers() | {"statement": {"statement": "The 2025 financial report is not published."}}
    own = {"request": ("information", "access"), "periodic": ("statement",)}[name]
    for step in IDENTITY_STEPS + own:
        assert client.post(f"{prefix}{step}/", data[step]).status_code == 302
    page = client.get(f"{prefix}identity/").content.decode()
    caption = {"request": "Request public information", "periodic": "Objection: periodic information"}
    assert f'<p class="caption">{caption[name]}' in page
    assert f'href="{prefix}requester-type/"' in page  # the back link
    documents = client.get(f"{prefix}documents/").content.decode()
    assert 'enctype="multipart/form-data"' in documents
    assert ("who is asking" in documents) == (name == "request")
    assert ("who is objecting" in documents) == (name == "periodic")


@pytest.mark.parametrize(
    ("prefix", "legend", "required", "request_words"),
    [
        (
            "/en",
            "Which Bawaslu office should have published the information?",
            "Choose the Bawaslu office that should have published the information.",
            (
                "Which Bawaslu office do you want to ask?",
                "Choose the Bawaslu office that holds the information.",
            ),
        ),
        (
            "",
            "Kantor Bawaslu mana yang seharusnya mengumumkan informasi itu?",
            "Pilih kantor Bawaslu yang seharusnya mengumumkan informasi itu.",
            (
                "Kantor Bawaslu mana yang ingin Anda mintai informasi?",
                "Pilih kantor Bawaslu yang menguasai informasi tersebut.",
            ),
        ),
    ],
    ids=["en", "id"],
)
def test_the_periodic_office_step_asks_in_objection_words(client, prefix, legend, required, request_words):
    page = client.get(f"{prefix}/keberatan/berkala/unit/").content.decode()
    assert f"<legend>{legend}</legend>" in page
    refused = client.post(f"{prefix}/keberatan/berkala/unit/", {"unit": ""})
    assert required in error_summary(refused)
    assert not any(words in refused.content.decode() for words in request_words)
    # The request wizard keeps its own words.
    request_page = client.post(f"{prefix}/permohonan/unit/", {"unit": ""}).content.decode()
    assert all(words in request_page for words in request_words)
