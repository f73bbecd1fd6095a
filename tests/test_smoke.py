def test_home_page_is_indonesian_by_default(db, client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()


def test_english_under_prefix(db, client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
