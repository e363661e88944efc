from django.core.management.base import BaseCommand, CommandError

from geo.models import Stadtteil
from geo.services import gazetteer_load


class Command(BaseCommand):
    help = "Load the OpenStreetMap 2013 gazetteer (streets, addresses, places) from fixtures/osm2013."

    def handle(self, *args, **options):
        if not Stadtteil.objects.exists():
            raise CommandError("Bitte zuerst die Stadtteile laden: manage.py load_districts")
        count = gazetteer_load()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"{count} Einträge im Ortsverzeichnis."))
