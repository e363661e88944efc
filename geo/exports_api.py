"""`GET /api/v1/exports/<dataset>.<format>?crs=25832&...`: a GIS file of a dataset, streamed."""

from django.http import FileResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from geo.datasets import DatasetFilterError, apply_filters, get_dataset, parse_bbox
from geo.exports import FORMATS, SRIDS, ExportError, export_dataset, export_filename, new_export_directory, open_export
from geo.gis_auth import may_see_staff_datasets


def _bad_request(param: str, message: str) -> JsonResponse:
    return JsonResponse({param: [message]}, status=400)


def _day(request, name: str, *, end: bool):
    raw = request.GET.get(name)
    if not raw:
        return None
    day = parse_date(raw) if len(raw) == 10 else None
    if day is None:
        raise DatasetFilterError(name, _("Datum im Format JJJJ-MM-TT erwartet."))
    moment = timezone.datetime.combine(day, timezone.datetime.max.time() if end else timezone.datetime.min.time())
    return timezone.make_aware(moment)


class DatasetExportApi(APIView):
    @extend_schema(
        summary="Datensatz als GIS-Datei (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, CSV)",
        parameters=[
            OpenApiParameter("crs", OpenApiTypes.INT, enum=list(SRIDS), description="EPSG-Code (Standard 4326)"),
            OpenApiParameter("bbox", OpenApiTypes.STR, description="minLon,minLat,maxLon,maxLat (WGS84)"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="ab diesem Tag (nur Datensätze mit Datum)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="bis einschließlich diesem Tag"),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, dataset: str, fmt: str):
        data = get_dataset(dataset)
        if data is None or (data.staff_only and not may_see_staff_datasets(request)):
            return _bad_request("dataset", _("Unbekannter Datensatz: %(name)s") % {"name": dataset})
        export_format = FORMATS.get(fmt)
        if export_format is None:
            return _bad_request(
                "format", _("Unbekanntes Format %(fmt)s; möglich: %(all)s") % {"fmt": fmt, "all": ", ".join(FORMATS)}
            )
        try:
            srid = int(request.GET.get("crs", "4326").removeprefix("EPSG:"))
        except ValueError:
            srid = 0
        if srid not in SRIDS:
            return _bad_request("crs", _("Unterstützte Koordinatensysteme: 4326 und 25832."))
        try:
            bbox = parse_bbox(request.GET["bbox"]) if request.GET.get("bbox") else None
            start, end = _day(request, "from", end=False), _day(request, "to", end=True)
            queryset = apply_filters(
                data, data.queryset(), bbox=bbox, start=start, end=end, values=request.GET, date_param="from"
            )
            today = timezone.localdate()
            path = export_dataset(
                dataset=data,
                queryset=queryset,
                fmt=export_format,
                srid=srid,
                directory=new_export_directory(),
                today=today,
            )
        except DatasetFilterError as exc:
            return _bad_request(exc.param, exc.message)
        except ExportError as exc:
            return _bad_request("crs", str(exc))
        return FileResponse(
            open_export(path),
            as_attachment=True,
            filename=export_filename(data, export_format, srid, today),
            content_type=export_format.media_type,
        )
