import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/ideas/", {"category": "\x00"}),
        ("/api/v1/projects/", {"stadtteil": "\x00"}),
        ("/ogc/collections/ideen/items", {"status": "\x00"}),
        ("/ideen/", {"q": "a\x00b"}),
    ],
)
def test_a_nul_byte_anywhere_in_the_query_is_a_400_not_a_database_error(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    is_json = response["Content-Type"].startswith("application/json")
    assert "ungültige Zeichen" in (response.json()["detail"] if is_json else response.content.decode())


def test_a_nul_byte_in_a_form_is_refused(client):
    response = client.post("/i18n/setlang/", {"language": "de\x00", "next": "/"})
    assert response.status_code == 400


def test_an_offset_beyond_any_table_is_a_400(client):
    response = client.get("/api/v1/ideas/", {"offset": "99999999999999999999999"})
    assert response.status_code == 400
    assert "offset" in response.json()


def test_a_nul_character_in_a_json_body_is_refused(client):
    response = client.post("/api/v1/ideas/", '{"title": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400
