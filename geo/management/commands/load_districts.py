from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo.services import POPULATION_FILE, STADTTEILE_FILE, DistrictFileError, districts_load


class Command(BaseCommand):
    help = (
        "Load (or update) the 18 Stadtteile, the 10 Ortsbezirke and the city boundary. Accepts a newer "
        "district file of the city in any format and CRS that GDAL reads; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=STADTTEILE_FILE, help="district polygons (default: fixture)")
        parser.add_argument("--population", type=Path, default=POPULATION_FILE, help="CSV: stadtteil_nr,einwohner")

    def handle(self, *args, file: Path, population: Path, **options):
        for path in (file, population):
            if not path.exists():
                raise CommandError(f"Datei nicht gefunden: {path}")
        try:
            count = districts_load(stadtteile_path=file, population_path=population)
        except DistrictFileError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"{count} Stadtteile geladen aus {file.name}."))
