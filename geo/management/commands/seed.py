from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from geo.demo import seeders
from geo.models import Stadtteil


class Command(BaseCommand):
    help = "Create the demo content of every app (marked as demo, dates relative to today); idempotent."

    def add_arguments(self, parser):
        for seeder in seeders():
            if seeder.add_arguments:
                seeder.add_arguments(parser)

    def handle(self, *args, **options):
        if not Stadtteil.objects.exists():
            raise CommandError("Bitte zuerst die Stadtteile laden: manage.py load_districts")
        for seeder in seeders():
            with transaction.atomic():
                summary = seeder.run(options)
            if options["verbosity"]:
                self.stdout.write(f"{seeder.name}: {summary}")
