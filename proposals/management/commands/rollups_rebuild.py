from django.core.management.base import BaseCommand

from proposals.models import IdeaRollup
from proposals.services.rollups import idea_rollup_rebuild


class Command(BaseCommand):
    help = "Recount the idea rollup (ideas per day, category, Stadtteil, status, project, visibility) from the ideas."

    def handle(self, *args, **options):
        idea_rollup_rebuild()
        self.stdout.write(f"{IdeaRollup.objects.count()} idea rollup rows")
