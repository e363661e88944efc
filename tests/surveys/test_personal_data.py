"""A respondent's survey answers are in the account's data export and go with the account's deletion."""

import json

from django.urls import reverse

from surveys.models import Answer, Response
from surveys.services import response_submit
from tests.factories import UserFactory

PASSWORD = "Kaiserslautern-2026"


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
