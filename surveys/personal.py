"""A respondent's own survey answers, for the account's data export and deletion (accounts.export)."""

from django.db import transaction

from surveys.exports import answer_text
from surveys.models import Response


def personal_data(user) -> dict:
    return _export(Response.objects.filter(user=user))


def token_data(token: str) -> dict:
    """What an anonymous respondent's browser token answered: only that token's responses, never another's."""
    return _export(Response.objects.filter(token=token, user=None))


@transaction.atomic
def token_erase(token: str) -> int:
    """Deletes the answers given under an anonymous browser token; returns how many responses went."""
    _deleted, by_model = Response.objects.filter(token=token, user=None).delete()
    return by_model.get(Response._meta.label, 0)


def _export(responses) -> dict:
    responses = (
        responses.select_related("survey", "stadtteil")
        .prefetch_related("answers__question__choices", "answers__selected")
        .order_by("created_at")
    )
    return {
        "responses": [
            {
                "survey": response.survey.title,
                "created_at": response.created_at.isoformat(),
                "updated_at": response.updated_at.isoformat() if response.updated_at else None,
                "stadtteil": str(response.stadtteil) if response.stadtteil else None,
                "answers": [
                    {
                        "question": answer.question.text,
                        "answer": answer_text(
                            answer.question, answer, {c.pk: c.text for c in answer.question.choices.all()}
                        ),
                    }
                    for answer in response.answers.all()
                ],
            }
            for response in responses
        ]
    }


@transaction.atomic
def personal_data_erase(user) -> None:
    """The answers go with the person: map answers can tell where someone lives or feels unsafe."""
    Response.objects.filter(user=user).delete()
