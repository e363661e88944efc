"""`GET /api/v1/exports/<dataset>.<format>?crs=25832&...`: a GIS file of a dataset, streamed."""

import shutil

from django.conf import settings
from django.http import FileResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

from edge.limits import retry_after, too_many_response
from geo.datasets import DatasetFilterError, apply_filters, get_dataset, parse_bbox, parse_moment
from geo.exports import FORMATS, SRIDS, ExportError, export_dataset, export_filename, new_export_directory, open_export
from geo.gis_auth import may_read


def _bad_request(param: str, message: str) -> JsonResponse:
    return JsonResponse({param: [message]}, status=400)


class DatasetExportApi(APIView):
    # Session for the staff pages; tokens (header or basic auth, as QGIS sends them) are read by
    # geo.gis_auth, so DRF's basic authentication must not reject them first.
    authentication_classes = [SessionAuthentication]

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
        if data is None or not may_read(request, data):
            return _bad_request("dataset", _("Unbekannter Datensatz: %(name)s") % {"name": dataset})
        export_format = FORMATS.get(fmt)
        if export_format is None:
            message = _("Unbekanntes Format %(fmt)s; möglich: %(all)s") % {"fmt": fmt, "all": ", ".join(FORMATS)}
            return _bad_request("format", message)
        srid = {str(s): s for s in SRIDS}.get(request.GET.get("crs", "4326").removeprefix("EPSG:"))
        if srid is None:
            return _bad_request("crs", _("Unterstützte Koordinatensysteme: 4326 und 25832."))
        if export_format.fixed_srid and srid != export_format.fixed_srid:
            return _bad_request("crs", _("%(format)s gibt es nur in EPSG:4326.") % {"format": export_format.label})
        try:
            bbox = parse_bbox(request.GET["bbox"]) if request.GET.get("bbox") else None
            start = parse_moment(request.GET.get("from", ""), end=False, param="from")
            end = parse_moment(request.GET.get("to", ""), end=True, param="to")
            queryset = apply_filters(
                data, data.queryset(), bbox=bbox, start=start, end=end, values=request.GET, date_param="from"
            )
        except DatasetFilterError as exc:
            return _bad_request(exc.param, exc.message)

        # Each export is an ogr2ogr run: limit them per address so that nobody can keep the server busy.
        wait = retry_after(request, "geo.export", settings.GIS_EXPORT_RATE, account_key=None, per_address=False)
        if wait is not None:
            return too_many_response(wait)

        today = timezone.localdate()
        directory = new_export_directory()
        try:
            path = export_dataset(
                dataset=data, queryset=queryset, fmt=export_format, srid=srid, directory=directory, today=today
            )
        except (ExportError, RuntimeError):
            shutil.rmtree(directory, ignore_errors=True)
            raise
        return FileResponse(
            open_export(path),
            as_attachment=True,
            filename=export_filename(data, export_format, srid, today),
            content_type=export_format.media_type,
        )
