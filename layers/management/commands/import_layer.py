import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layers import services
from layers.importing import LayerImportError
from layers.models import Project


class Command(BaseCommand):
    help = "Eine Geodatei (GeoJSON, GeoPackage, Shapefile-ZIP, KML, CSV) als Kartenebene eines Vorhabens importieren."

    def add_arguments(self, parser):
        parser.add_argument("project", help="Slug des Vorhabens")
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", default="", help="Name der Ebene (sonst der Name in der Datei)")
        parser.add_argument("--layer", default=None, help="Ebene in der Datei (GeoPackage/KML mit mehreren)")
        parser.add_argument("--crs", default="EPSG:4326", help="Koordinatensystem, falls die Datei keines angibt")
        parser.add_argument("--as-area", action="store_true", help="Die Ebene wird das Gebiet des Vorhabens")

    def _progress(self, done: int, total: int) -> None:
        if self.verbosity < 1:
            return
        width = 30
        filled = width * done // max(total, 1)
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done == total:
            self.stderr.write("")
        sys.stderr.flush()

    def handle(self, *args, project, file, name, layer, crs, as_area, verbosity, **options):
        self.verbosity = verbosity
        try:
            target = Project.objects.get(slug=project)
        except Project.DoesNotExist:
            raise CommandError(f"Kein Vorhaben mit dem Slug „{project}“.") from None
        if not file.is_file():
            raise CommandError(f"Datei nicht gefunden: {file}")
        try:
            with file.open("rb") as upload:
                result = services.layer_import(
                    project=target, upload=upload, filename=file.name, name=name, source_layer=layer,
                    assume_crs=crs, use_as_area=as_area, progress=self._progress,
                )  # fmt: skip
        except LayerImportError as error:
            hint = f" Ebenen: {', '.join(error.layer_choices)}" if error.layer_choices else ""
            raise CommandError(" ".join(error.messages) + hint) from None
        self.stdout.write(f"Ebene „{result.layer.name}“ (id {result.layer.pk}): {result.imported} Objekte importiert.")
        if result.repaired:
            self.stdout.write(f"Reparierte Geometrien: Nr. {', '.join(map(str, result.repaired))}")
