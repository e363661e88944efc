from feedback import services
from feedback.models import Feedback
from tests.factories import UserFactory
from tests.feedback.conftest import verified


def feedback_on(feature, opinions: str, **kwargs) -> list[Feedback]:
    """One entry per letter of `opinions`: + dafür, 0 neutral, - dagegen, each from its own citizen."""
    names = {"+": "dafuer", "0": "neutral", "-": "dagegen"}
    return [
        services.feedback_create(
            author=kwargs.get("author") or verified(UserFactory()),
            feature=feature,
            opinion=names[sign],
            text=kwargs.get("text", f"Rückmeldung {i} zum Radweg."),
        )
        for i, sign in enumerate(opinions)
    ]
