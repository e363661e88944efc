"""WFS 2.0 for the registered datasets through django-gisserver (GetCapabilities, DescribeFeatureType,
GetFeature with BBOX and paging; GeoJSON and GML). Staff-only datasets appear only with a staff token."""

from gisserver.crs import CRS
from gisserver.features import FeatureField, FeatureType, ServiceDescription
from gisserver.views import WFSView

from geo.datasets import Dataset, visible_datasets
from geo.gis_auth import may_see_staff_datasets
from geo.wfs_guard import bounded_bbox, check_params, client_error, install, param_key

install()

WGS84_CRS = CRS.from_srid(4326)
UTM32_CRS = CRS.from_srid(25832)


def _feature_type(dataset: Dataset) -> FeatureType:
    # django-gisserver prefetches relations in field order and fails on "a.b.c" before "a.b": shallow first.
    paths = sorted(dataset.model_paths.items(), key=lambda item: item[1].count("."))
    fields = [FeatureField(name, model_attribute=path) for name, path in paths]
    fields.append(FeatureField(dataset.geometry))
    return FeatureType(
        dataset.queryset(),
        fields=fields,
        geometry_field_name=dataset.geometry,
        name=dataset.name,
        title=dataset.title,
        abstract=dataset.description,
        crs=WGS84_CRS,
        other_crs=[UTM32_CRS],
        show_name_field=False,
    )


class DatasetWFSView(WFSView):
    xml_namespace = "https://klmitwirkung.kaiserslautern.de/wfs"
    service_description = ServiceDescription(
        title="KLmitWirkung Kaiserslautern — WFS",
        abstract="Ideen, Vorhaben und Stadtteile der Beteiligungsplattform als WFS 2.0.",
        keywords=["Kaiserslautern", "Bürgerbeteiligung", "Stadtteile"],
        provider_name="Stadtverwaltung Kaiserslautern",
    )

    def get(self, request, *args, **kwargs):
        check_params(request)
        query = request.GET.copy()
        # GDAL's WFS client (also inside QGIS) sends BBOX filters whose gml:Envelope has no srsName, which
        # GML 3.2 allows (the default CRS applies) but django-gisserver rejects: name the default CRS.
        key = param_key(request, "FILTER")
        if key and "<gml:Envelope>" in query[key]:
            query[key] = query[key].replace("<gml:Envelope>", f'<gml:Envelope srsName="{WGS84_CRS.urn}">')
        # Huge corners (QGIS sends ±1e8) are clamped to the CRS's area of use before GEOS sees them.
        if key := param_key(request, "BBOX"):
            query[key] = bounded_bbox(query[key], default_crs=WGS84_CRS)
        request.GET = query
        return super().get(request, *args, **kwargs)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response is None and (error := client_error(exc, parsed=self.ows_request is not None)):
            response = super().handle_exception(error)
        return response

    def get_feature_types(self):
        staff = may_see_staff_datasets(self.request)
        return [_feature_type(dataset) for dataset in visible_datasets(staff=staff)]
