import pytest


@pytest.mark.django_db
def test_staff_see_only_the_units_where_they_hold_a_role(make_staff, verified_client):
    officer = make_staff("units-officer", ("35.04", "officer"), ("35", "auditor"))
    body = verified_client(officer).get("/en/office/units/").content.decode()
    assert "Bawaslu Kabupaten Tulungagung" in body
    assert "Bawaslu Provinsi Jawa Timur" in body
    assert "Bawaslu Kabupaten Trenggalek" not in body  # a sibling: no role there
    assert "2 units" in body


@pytest.mark.django_db
def test_system_admin_searches_every_unit(make_staff, verified_client):
    admin = make_staff("units-admin", is_superuser=True, is_staff=True)
    client = verified_client(admin)
    body = client.get("/en/office/units/", {"q": "tulungagung"}).content.decode()
    assert 'href="/en/office/units/35.04/"' in body
    assert "1 unit" in body
    everything = client.get("/en/office/units/").content.decode()
    assert "553 units" in everything
    assert "Page 1 of 12" in everything
    dashboard = client.get("/en/office/").content.decode()
    assert 'action="/en/office/units/"' in dashboard


@pytest.mark.django_db
def test_bad_level_is_a_form_error_not_a_crash(make_staff, verified_client):
    admin = make_staff("units-admin2", is_superuser=True, is_staff=True)
    response = verified_client(admin).get("/en/office/units/", {"level": "galaxy"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
