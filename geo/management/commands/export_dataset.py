from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo.datasets import DatasetFilterError, all_datasets, apply_filters, get_dataset, parse_bbox
from geo.exports import FORMATS, SRIDS, ExportError, export_dataset


class Command(BaseCommand):
    help = "Export a dataset as a GIS file (ogr2ogr straight from PostGIS, with a progress bar)."

    def add_arguments(self, parser):
        parser.add_argument("dataset", help=", ".join(d.name for d in all_datasets()))
        parser.add_argument("format", choices=list(FORMATS))
        parser.add_argument("--crs", type=int, default=4326, choices=list(SRIDS))
        parser.add_argument("--bbox", help="minLon,minLat,maxLon,maxLat")
        parser.add_argument(
            "--filter", action="append", default=[], metavar="NAME=VALUE", help="e.g. status=angenommen"
        )
        parser.add_argument("--output", type=Path, default=Path.cwd(), help="target folder")

    def handle(self, *args, dataset, format, crs, bbox, filter, output, **options):
        data = get_dataset(dataset)
        if data is None:
            raise CommandError(f"Unbekannter Datensatz: {dataset}")
        values = dict(item.partition("=")[::2] for item in filter)
        try:
            queryset = apply_filters(data, data.queryset(), bbox=parse_bbox(bbox) if bbox else None, values=values)
            output.mkdir(parents=True, exist_ok=True)
            path = export_dataset(
                dataset=data, queryset=queryset, fmt=FORMATS[format], srid=crs, directory=output, today=date.today(),
                progress=options["verbosity"] > 0,
            )  # fmt: skip
        except (DatasetFilterError, ExportError) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Geschrieben: {path}"))
