"""The demo content speaks Leichte Sprache too: `manage.py seed` gives every demo project and survey a summary
in Leichte Sprache that passes the rule module, and their pages show it behind the switch."""

import re

import pytest
from django.core.management import call_command

from geo.demo import seeders
from layers.models import Project
from pages.leichte_sprache import check
from surveys.models import Survey

pytestmark = pytest.mark.django_db


def easy_read_block(html: str) -> str:
    match = re.search(r'<details class="easy-read">(.*?)</details>', html, re.S)
    assert match, "no Leichte Sprache switch on the page"
    return match.group(1)


def test_seed_gives_demo_projects_and_surveys_leichte_sprache_shown_behind_the_switch(client, stadtteile):
    call_command("seed", ideas=20, verbosity=0)
    projects = list(Project.objects.filter(is_demo=True))
    surveys = list(Survey.objects.filter(is_demo=True))
    assert len(projects) >= 4  # Radverkehrsnetz, Stiftsplatz, Spielplatzkonzept, Bebauungsplan Pfaff-Areal Nord
    assert len(surveys) >= 4
    for item, text in [(p, p.summary_easy) for p in projects] + [(s, s.introduction_easy) for s in surveys]:
        assert text.strip(), f"{item}: no Leichte Sprache"
        assert check(text) == [], f"{item}: {check(text)}"
        block = easy_read_block(client.get(item.get_absolute_url()).content.decode())
        assert 'lang="de"' in block
        first_sentence = text.splitlines()[0]
        assert first_sentence in block, item

    # Projects seeded before the texts existed get them on the next run (only the project seeders again).
    Project.objects.filter(is_demo=True).update(summary_easy="")
    for seeder in seeders():
        if seeder.name in {"projects", "bauleitplanung"}:
            seeder.run({})
    assert not Project.objects.filter(is_demo=True, summary_easy="").exists()
