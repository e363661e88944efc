import random

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts.roles import Role
from proposals.models import Category
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
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    for order, (slug, name) in enumerate([("verkehr", "Verkehr"), ("gruen", "Grün und Umwelt")]):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    cache.clear()
    yield
    cache.clear()


def theme_text(rng: random.Random, theme: str) -> tuple[str, str]:
    sentences = rng.sample(THEMES[theme], 2)
    place = rng.choice(PLACES)
    return sentences[0].format(p=place)[:60], " ".join(s.format(p=rng.choice(PLACES)) for s in sentences)


def theme_ideas(n: int, theme: str, *, seed: int = 1, **kwargs):
    rng = random.Random(seed)
    ideas = []
    for _ in range(n):
        title, text = theme_text(rng, theme)
        ideas.append(IdeaFactory(title=title, description=text, **kwargs))
    return ideas
