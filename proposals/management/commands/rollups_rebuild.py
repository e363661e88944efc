from django.core.management.base import BaseCommand

from proposals.models import IdeaRollup
from proposals.services.rollups import idea_rollup_rebuild, idea_week_rollup_rebuild
from surveys.models import ChoiceRollup, RespondentWeek, ResponseRollup
from surveys.rollups import survey_rollups_rebuild


class Command(BaseCommand):
    help = (
        "Recount the rollups from the raw rows: ideas per day, category, Stadtteil, status, project, visibility; "
        "survey responses and chosen options per day and Stadtteil; people per week. Run it after changing "
        "DISCLOSURE_SEED (the survey rollups hold cell keys)."
    )

    def handle(self, *args, **options):
        idea_rollup_rebuild()
        idea_week_rollup_rebuild()
        self.stdout.write(f"{IdeaRollup.objects.count()} idea rollup rows")
        survey_rollups_rebuild()
        self.stdout.write(
            f"{ResponseRollup.objects.count()} response rollup rows, {ChoiceRollup.objects.count()} choice rollup "
            f"rows, {RespondentWeek.objects.count()} people-week rows"
        )
