from django.core.management.base import BaseCommand, CommandError

from overview import services
from overview.models import Run


class Command(BaseCommand):
    help = "Recompute the overview (mass statements, topics) in this process and store the results."

    def handle(self, *args, **options):
        if services.active_run() is not None:
            raise CommandError("Eine Auswertung läuft bereits.")
        run = Run.objects.create()
        run = services.run_compute(run_id=run.pk)
        if run.state != Run.State.DONE:
            raise CommandError(f"Auswertung fehlgeschlagen: {run.error}")
        self.stdout.write(
            f"{run.texts} Texte ({run.too_short} zu kurz), {run.groups.count()} Gruppen, "
            f"{run.topics.count()} Themen in {run.seconds:.1f} s."
        )
