import random

import pytest

from overview import services
from overview.models import Run
from tests.conftest import ensure_migrated_data
from tests.factories import IdeaFactory

THEMES = {
    "rad": [
        "Der Radweg an der {p} ist zu schmal und endet plötzlich.",
        "Radfahrer brauchen an der {p} eine sichere Radspur.",
        "Bitte einen geschützten Radweg entlang der {p} bauen.",
        "Fahrradbügel und Radwege an der {p} fehlen.",
    ],
    "baum": [
        "An der {p} sollten mehr Bäume gepflanzt werden.",
        "Die Bäume an der {p} brauchen im Sommer Wasser.",
        "Schattige Bäume und Grünflächen an der {p} wären schön.",
        "Bitte alte Bäume an der {p} erhalten.",
    ],
}
PLACES = ["Pirmasenser Straße", "Mannheimer Straße", "Kerststraße", "Eisenbahnstraße", "Lauterstraße"]


@pytest.fixture(autouse=True)
def _setup(db):
    ensure_migrated_data()


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Request a run and let its job run, as the worker would after the commit."""

    def run() -> Run:
        with django_capture_on_commit_callbacks(execute=True):
            requested = services.run_request()
        requested.refresh_from_db()
        assert requested.state == Run.State.DONE, requested.error
        return requested

    return run


def theme_text(rng: random.Random, theme: str) -> tuple[str, str]:
    sentences = rng.sample(THEMES[theme], 2)
    place = rng.choice(PLACES)
    return sentences[0].format(p=place)[:60], " ".join(s.format(p=rng.choice(PLACES)) for s in sentences)


@pytest.fixture
def two_themes(db):
    """40 ideas about cycling and 40 about trees: a run finds a topic for each."""
    theme_ideas(40, "rad", seed=1)
    theme_ideas(40, "baum", seed=2)


def theme_ideas(n: int, theme: str, *, seed: int = 1, **kwargs):
    rng = random.Random(seed)
    ideas = []
    for _ in range(n):
        title, text = theme_text(rng, theme)
        ideas.append(IdeaFactory(title=title, description=text, **kwargs))
    return ideas
