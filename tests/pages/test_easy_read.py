import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from pages.models import SignLanguageVideo
from tests.factories import ProjectFactory, SurveyFactory, UserFactory


def test_start_page_has_leichte_sprache_and_a_captioned_dgs_placeholder(client):
    html = client.get("/").content.decode()
    assert 'href="#leichte-sprache"' in html
    assert 'id="leichte-sprache"' in html
    assert 'class="dgs-placeholder"' in html
    assert "Hier zeigen wir bald ein Video in Deutscher Gebärdensprache" in html


def test_verwaltung_uploads_the_dgs_video_with_captions(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    response = client.post(
        "/verwaltung/gebaerdensprache/",
        {
            "video": SimpleUploadedFile("dgs.mp4", b"\x00\x00\x00\x18ftypmp42", content_type="video/mp4"),
            "captions": SimpleUploadedFile(
                "dgs.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHallo", content_type="text/vtt"
            ),
            "description": "Eine Frau erklärt KLmitWirkung in Gebärdensprache.",
        },
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<track kind="captions"' in html
    assert "Eine Frau erklärt KLmitWirkung" in html
    assert SignLanguageVideo.objects.count() == 1


def test_captions_must_be_webvtt_and_moderators_may_not_upload(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert client.get("/verwaltung/gebaerdensprache/").status_code == 403
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    response = client.post(
        "/verwaltung/gebaerdensprache/",
        {
            "video": SimpleUploadedFile("dgs.mp4", b"\x00\x00\x00\x18ftypmp42"),
            "captions": SimpleUploadedFile("dgs.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nHallo"),
            "description": "Video",
        },
    )
    assert response.status_code == 400
    assert "WebVTT" in response.content.decode()
    assert not SignLanguageVideo.objects.exists()


def test_project_and_survey_show_leichte_sprache_behind_a_switch(client):
    project = ProjectFactory(slug="radwege", summary_easy="Die Stadt baut neue Rad·wege.")
    html = client.get(project.get_absolute_url()).content.decode()
    assert '<details class="easy-read">' in html
    assert "Die Stadt baut neue Rad·wege." in html
    survey = SurveyFactory(slug="hitze", introduction_easy="Wo ist es heiß? Zeigen Sie es uns.")
    assert "Zeigen Sie es uns." in client.get(survey.get_absolute_url()).content.decode()


def _project_editor(client, text: str) -> str:
    project = ProjectFactory(slug="radwege", summary_easy=text)
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    return client.get(f"/vorhaben/{project.slug}/bearbeiten/").content.decode()


def _survey_editor(client, text: str) -> str:
    survey = SurveyFactory(slug="infos", introduction_easy=text)
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    return client.get(f"/umfragen/verwalten/{survey.slug}/").content.decode()


COMPOUND = "Langes zusammengesetztes Wort. Besser mit Medio·punkt: „Bürger·beteiligung“."


@pytest.mark.parametrize(
    ("editor", "text", "shown"),
    [
        pytest.param(
            _project_editor, "Die Radwege werden gebaut. Das ist nicht schwer.",
            ["Prüfung der Leichten Sprache", "Passiv", "Verneinung"],
            id="project-passive-and-negation",
        ),
        pytest.param(
            _project_editor, "Die Bürgerbeteiligung beginnt. Das wäre schön.",
            ["2 Hinweise zu den Regeln der Leichten Sprache", f'<q lang="de">Bürgerbeteiligung</q>: {COMPOUND}',
             '<q lang="de">wäre</q>: Konjunktiv. Besser: klar sagen, was ist.'],
            id="project-mediopunkt-and-konjunktiv",
        ),
        pytest.param(
            _survey_editor, "Hier gibt es Informationen zur Bürger·beteiligung.",
            ["Prüfung der Leichten Sprache", "Keine Hinweise: Satzlänge, lange zusammengesetzte Wörter, Passiv"],
            id="survey-no-hint-for-a-long-simple-word-or-a-split-compound",
        ),
    ],
)  # fmt: skip
def test_the_staff_editors_show_leichte_sprache_hints(client, editor, text, shown):
    html = editor(client, text)
    assert [snippet for snippet in shown if snippet not in html] == []


def test_the_tagger_is_loaded_only_when_a_text_is_checked():
    import os
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup(); import config.urls, pages.leichte_sprache as ls;"
        "assert 'HanTa' not in sys.modules; ls.check('Das Rathaus ist offen.'); assert 'HanTa' in sys.modules"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)
