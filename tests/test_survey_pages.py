"""The survey pages: the citizen's (invited from the status page and the decision email, no
JavaScript) and the console's (results per unit and year, paper entry)."""

import pytest
from freezegun import freeze_time
from tests.objection_support import at
from tests.survey_support import ANSWER_DAY, decided, scores, undecided

from eppid.notifications.models import OutboundEmail
from eppid.reports.models import SurveyResponse
from eppid.reports.survey import survey_answer_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


def status_page(client, request, code, prefix=""):
    body = {"registration_number": request.registration_number, "tracking_code": code}
    with freeze_time(ANSWER_DAY):
        return client.post(f"{prefix}/permohonan/status/", body)


def answer_form(request, code, value=4, **extra) -> dict:
    data = {"registration_number": request.registration_number, "tracking_code": code, "comment": ""}
    data.update({key: str(item) for key, item in scores(value).items()})
    data.update(extra)
    return data


# --- citizen ----------------------------------------------------------------------------------


def test_the_status_page_invites_after_the_decision_only(client, officer):
    request, code = undecided()
    assert 'data-testid="survey-invitation"' not in status_page(client, request, code).content.decode()
    request, code = decided(officer)
    page = status_page(client, request, code, prefix="/en").content.decode()
    assert 'data-testid="survey-invitation"' in page and "Answer the satisfaction survey" in page
    assert 'action="/en/survei/"' in page


def test_the_invitation_opens_the_form_with_number_and_code(client, officer):
    request, code = decided(officer)
    with freeze_time(ANSWER_DAY):
        page = client.post(
            "/en/survei/",
            {"start": "1", "registration_number": request.registration_number, "tracking_code": code},
        )
    html = page.content.decode()
    assert page.status_code == 200 and request.registration_number in html and code in html
    assert html.count('type="radio"') == 36 and html.count("<fieldset") >= 9
    assert "There is a problem" not in html
    assert not SurveyResponse.objects.exists()


def test_answering_records_once_and_thanks(client, officer):
    request, code = decided(officer)
    with freeze_time(ANSWER_DAY):
        done = client.post("/en/survei/", answer_form(request, code, 3, u9="2", comment="Terima kasih"))
    assert done.status_code == 302 and done["Location"] == "/en/survei/terima-kasih/"
    answer = SurveyResponse.objects.get()
    assert (answer.u1, answer.u9, answer.comment, answer.channel) == (3, 2, "Terima kasih", "online")
    assert "Thank you for your answers" in client.get(done["Location"]).content.decode()
    with freeze_time(ANSWER_DAY):
        again = client.post("/en/survei/", answer_form(request, code, 1))
    assert again.status_code == 409 and "already been answered" in again.content.decode()
    status = status_page(client, request, code, prefix="/en").content.decode()
    assert 'data-testid="survey-answered"' in status
    assert SurveyResponse.objects.get().u1 == 3


def test_a_missing_element_is_named_in_the_error_summary_and_nothing_changes(client, officer):
    request, code = decided(officer)
    data = answer_form(request, code)
    del data["u4"]
    data["u5"] = "9"
    with freeze_time(ANSWER_DAY):
        page = client.post("/en/survei/", data)
    html = page.content.decode()
    assert page.status_code == 422 and "There is a problem" in html
    assert "Choose a score for “Cost”." in html and 'href="#id_u4_0"' in html
    assert "Choose a score from 1 to 4." in html
    assert not SurveyResponse.objects.exists()


def test_indonesian_page_and_messages(client, officer):
    request, code = decided(officer)
    data = answer_form(request, code)
    del data["u1"]
    with freeze_time(ANSWER_DAY):
        page = client.post("/survei/", data)
    html = page.content.decode()
    assert page.status_code == 422 and "Survei kepuasan" in html and "Persyaratan" in html
    assert "Pilih nilai" in html


def test_a_wrong_code_is_404_and_before_the_decision_409(client, officer):
    request, code = decided(officer)
    with freeze_time(ANSWER_DAY):
        assert client.post("/en/survei/", answer_form(request, "nope")).status_code == 404
    pending, pending_code = undecided()
    with freeze_time(ANSWER_DAY):
        page = client.post("/en/survei/", answer_form(pending, pending_code))
    assert page.status_code == 409 and "once the request has been decided" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_page_from_the_email_fills_in_the_number(client):
    page = client.get("/en/survei/?nomor=35.04-2026-00001")
    html = page.content.decode()
    assert page.status_code == 200 and 'value="35.04-2026-00001"' in html
    assert 'type="radio"' not in html  # the questions come once the request is known


def first_step(client, request, code, prefix="/en"):
    body = {"start": "1", "registration_number": request.registration_number, "tracking_code": code}
    with freeze_time(ANSWER_DAY):
        return client.post(f"{prefix}/survei/", body)


def test_an_undecided_request_is_told_before_any_question(client):
    pending, code = undecided()
    page = first_step(client, pending, code)
    html = page.content.decode()
    assert page.status_code == 409 and "once the request has been decided" in html
    assert 'type="radio"' not in html and "There is a problem" in html
    assert 'name="tracking_code"' in html  # another request can be tried on the same page
    indonesian = first_step(client, pending, code, prefix="").content.decode()
    assert "Survei dibuka setelah permohonan diputuskan" in indonesian and 'type="radio"' not in indonesian


def test_an_answered_request_is_told_before_any_question(client, officer):
    request, code = decided(officer)
    with freeze_time(ANSWER_DAY):
        survey_answer_record(request=request, scores=scores(4))
    page = first_step(client, request, code)
    assert page.status_code == 409 and "already been answered" in page.content.decode()
    assert 'type="radio"' not in page.content.decode()


def test_a_wrong_code_is_refused_at_the_first_step(client, officer):
    request, _code = decided(officer)
    page = first_step(client, request, "nope")
    assert page.status_code == 404 and "We could not find a request" in page.content.decode()
    assert 'type="radio"' not in page.content.decode()


def test_the_first_step_counts_as_a_status_lookup(client, officer, settings):
    settings.RATELIMIT_ENABLE = True
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "status-lookup": "2/m"}
    request, _code = decided(officer)
    codes = [first_step(client, request, "nope").status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def test_a_decided_request_opens_the_questions_with_the_number_and_code_kept(client, officer):
    request, code = decided(officer)
    html = first_step(client, request, code).content.decode()
    assert html.count('type="radio"') == 36
    assert f'type="hidden" name="tracking_code" value="{code}"' in html
    with freeze_time(ANSWER_DAY):
        done = client.post("/en/survei/", answer_form(request, code))
    assert done.status_code == 302 and SurveyResponse.objects.count() == 1


def test_the_page_is_rate_limited(client, officer, settings):
    settings.RATELIMIT_ENABLE = True
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "survey-answer": "1/h"}
    request, _code = decided(officer)
    with freeze_time(ANSWER_DAY):
        client.post("/en/survei/", answer_form(request, "nope"))
        limited = client.post("/en/survei/", answer_form(request, "nope"))
    assert limited.status_code == 429


def test_the_decision_email_invites_to_the_survey(officer):
    request, _code = decided(officer)
    mail = OutboundEmail.objects.filter(reference=f"request:{request.registration_number}:decided").get()
    assert f"/survei/?nomor={request.registration_number}" in mail.body
    assert f"/en/survei/?nomor={request.registration_number}" in mail.body
    assert "satisfaction survey" in mail.body and "survei kepuasan" in mail.body.lower()


# --- console ----------------------------------------------------------------------------------


def _answered(officer):
    first, _ = decided(officer)
    second, _ = decided(officer)
    with freeze_time(ANSWER_DAY):
        survey_answer_record(request=first, scores=scores(4), comment="Sangat membantu <b>")
        survey_answer_record(request=second, scores=scores(3), channel="paper", actor=officer)
    return first, second


def test_results_page_for_the_unit(officer, verified_client):
    _answered(officer)
    with freeze_time(ANSWER_DAY):
        page = verified_client(officer).get("/en/office/units/35.04/survey/?year=2026")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="ikm">87.50<' in html and "B: Good (Baik)" in html
    assert "2 answers (1 online, 1 on paper)" in html and "Sample reached" in html
    assert "3.50" in html and "Staff behaviour" in html
    assert "Sangat membantu &lt;b&gt;" in html


def test_the_province_sees_the_tree_but_not_the_comments(officer, make_staff, verified_client):
    _answered(officer)
    province = make_staff("prov", ("35", "officer"))
    client = verified_client(province)
    with freeze_time(ANSWER_DAY):
        own = client.get("/en/office/units/35/survey/?year=2026&scope=tree")
        child = client.get("/en/office/units/35.04/survey/?year=2026")
    assert own.status_code == 200 and 'data-testid="ikm">87.50<' in own.content.decode()
    assert child.status_code == 200 and "Sangat membantu" not in child.content.decode()
    assert "Sangat membantu" not in own.content.decode()


def test_a_foreign_unit_is_404_and_a_bad_year_422(officer, make_staff, verified_client):
    other = make_staff("other", ("35.05", "officer"))
    with freeze_time(ANSWER_DAY):
        assert verified_client(other).get("/en/office/units/35.04/survey/").status_code == 404
        bad = verified_client(officer).get("/en/office/units/35.04/survey/?year=abc")
    assert bad.status_code == 422 and "four digits" in bad.content.decode()


def test_paper_entry_by_an_officer(officer, verified_client):
    request, _ = decided(officer)
    client = verified_client(officer)
    data = answer_form(request, "", 2, answered_on="11/03/2026", comment="Ditulis tangan")
    data.pop("tracking_code")
    with freeze_time(ANSWER_DAY):
        assert client.get("/en/office/units/35.04/survey/paper/").status_code == 200
        done = client.post("/en/office/units/35.04/survey/paper/", data)
    assert done.status_code == 302
    answer = SurveyResponse.objects.get()
    assert (answer.channel, answer.entered_by, answer.u3) == ("paper", officer, 2)
    assert answer.answered_at == at(2026, 3, 11, 12, 0)
    with freeze_time(ANSWER_DAY):
        again = client.post("/en/office/units/35.04/survey/paper/", data)
    assert again.status_code == 409


def test_paper_entry_refuses_another_units_request_and_an_early_date(officer, make_staff, verified_client):
    request, _ = decided(officer)
    client = verified_client(make_staff("prov", ("35", "officer")))
    data = answer_form(request, "", 2, answered_on="11/03/2026")
    with freeze_time(ANSWER_DAY):
        foreign = client.post("/en/office/units/35/survey/paper/", data)
        early = verified_client(officer).post(
            "/en/office/units/35.04/survey/paper/", {**data, "answered_on": "01/03/2026"}
        )
    assert foreign.status_code == 422
    assert "no request with this registration number" in foreign.content.decode()
    assert early.status_code == 422 and "before the decision" in early.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_auditor_reads_results_but_cannot_enter_paper(officer, make_staff, verified_client):
    auditor = make_staff("auditor", ("35.04", "auditor"))
    client = verified_client(auditor)
    with freeze_time(ANSWER_DAY):
        assert client.get("/en/office/units/35.04/survey/").status_code == 200
        assert client.get("/en/office/units/35.04/survey/paper/").status_code == 403


def test_the_unit_page_links_the_survey(officer, verified_client):
    page = verified_client(officer).get("/en/office/units/35.04/")
    assert 'href="/en/office/units/35.04/survey/"' in page.content.decode()
