"""A respondent's survey answers are in the account's data export and go with the account's deletion."""

import json

from django.core import signing
from django.urls import reverse

from surveys.access import TOKEN_COOKIE, TOKEN_SALT
from surveys.models import Answer, Response, Survey
from surveys.services import response_submit
from tests.factories import PASSWORD, UserFactory


def test_export_holds_the_answers_and_deletion_removes_them(client, full_survey, minimal_answers):
    user, other = UserFactory(), UserFactory()
    q = full_survey.q
    response_submit(survey=full_survey, user=user, answers={**minimal_answers, str(q["text"].pk): "Mehr Licht"})
    response_submit(survey=full_survey, user=other, answers=minimal_answers)
    client.force_login(user)

    data = json.loads(client.get(reverse("accounts:export")).content)
    (exported,) = data["surveys"]["responses"]
    assert exported["survey"] == "Sicher unterwegs"
    assert {"question": "Was fehlt?", "answer": "Mehr Licht"} in exported["answers"]

    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not Response.objects.filter(user=user).exists()
    assert not Answer.objects.filter(text="Mehr Licht").exists()
    assert Response.objects.filter(user=other).count() == 1  # only the person's own answers go


def _browser(client, token: str) -> None:
    client.cookies[TOKEN_COOKIE] = signing.get_cookie_signer(salt=TOKEN_COOKIE + TOKEN_SALT).sign(token)


def test_an_anonymous_browser_exports_and_erases_only_its_own_answers(client, full_survey, minimal_answers):
    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    q = full_survey.q
    response_submit(survey=full_survey, token="mein-browser", answers={**minimal_answers, str(q["text"].pk): "Licht"})
    response_submit(survey=full_survey, token="fremder-browser", answers={**minimal_answers, str(q["text"].pk): "Bank"})
    _browser(client, "mein-browser")

    download = client.get(reverse("surveys:anonymous-answers-export"))
    assert download["Content-Disposition"].startswith("attachment")
    (exported,) = json.loads(download.content)["responses"]
    assert {"question": "Was fehlt?", "answer": "Licht"} in exported["answers"]
    assert "Bank" not in download.content.decode()

    refused = client.post(reverse("surveys:anonymous-answers"))
    assert refused.status_code == 400
    assert "Bitte bestätigen" in refused.content.decode()
    assert Response.objects.filter(token="mein-browser").exists()

    client.post(reverse("surveys:anonymous-answers"), {"bestaetigt": "1"})
    assert not Response.objects.filter(token="mein-browser").exists()
    assert not Answer.objects.filter(text="Licht").exists()
    assert Response.objects.filter(token="fremder-browser").count() == 1


def test_without_the_signed_cookie_nothing_is_reachable(client, full_survey, minimal_answers):
    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    response_submit(survey=full_survey, token="fremder-browser", answers=minimal_answers)
    client.cookies[TOKEN_COOKIE] = "fremder-browser"  # unsigned: forged
    assert client.get(reverse("surveys:anonymous-answers-export")).status_code == 404
    client.post(reverse("surveys:anonymous-answers"), {"bestaetigt": "1"})
    assert Response.objects.filter(token="fremder-browser").count() == 1
