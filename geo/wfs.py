"""WFS 2.0 for the registered datasets through django-gisserver (GetCapabilities, DescribeFeatureType,
GetFeature with BBOX and paging; GeoJSON and GML). Staff-only datasets appear only with a staff token."""

from gisserver.crs import CRS
from gisserver.exceptions import InvalidParameterValue
from gisserver.features import FeatureField, FeatureType, ServiceDescription
from gisserver.views import WFSView

from geo.datasets import Dataset, visible_datasets
from geo.gis_auth import may_see_staff_datasets
from geo.wfs_bounds import bounded_bbox, install

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


MAX_INDEX = 2**62  # PostgreSQL's bigint ends at 2**63


def _check_numbers(request) -> None:
    """Numbers the library would pass on to GEOS or PostgreSQL unchecked (NaN, huge offsets): refuse them."""
    params = {key.upper(): value for key, value in request.GET.items()}
    for name in ("STARTINDEX", "COUNT", "MAXFEATURES"):
        if name in params and not (params[name].isascii() and params[name].isdigit() and int(params[name]) < MAX_INDEX):
            raise InvalidParameterValue(f"{name} muss eine ganze Zahl ab 0 sein.", locator=name.lower())


def _key(request, name: str) -> str | None:
    """The query parameter's spelling in this request; WFS parameter names are case-insensitive."""
    return next((k for k in request.GET if k.upper() == name), None)


class DatasetWFSView(WFSView):
    xml_namespace = "https://klmitwirkung.kaiserslautern.de/wfs"
    service_description = ServiceDescription(
        title="KLmitWirkung Kaiserslautern — WFS",
        abstract="Ideen, Vorhaben und Stadtteile der Beteiligungsplattform als WFS 2.0.",
        keywords=["Kaiserslautern", "Bürgerbeteiligung", "Stadtteile"],
        provider_name="Stadtverwaltung Kaiserslautern",
    )

    def get(self, request, *args, **kwargs):
        _check_numbers(request)
        query = request.GET.copy()
        # GDAL's WFS client (also inside QGIS) sends BBOX filters whose gml:Envelope has no srsName, which
        # GML 3.2 allows (the default CRS applies) but django-gisserver rejects: name the default CRS.
        key = _key(request, "FILTER")
        if key and "<gml:Envelope>" in query[key]:
            query[key] = query[key].replace("<gml:Envelope>", f'<gml:Envelope srsName="{WGS84_CRS.urn}">')
        # Huge corners (QGIS sends ±1e8) are clamped to the CRS's area of use before GEOS sees them.
        if key := _key(request, "BBOX"):
            query[key] = bounded_bbox(query[key], default_crs=WGS84_CRS)
        request.GET = query
        return super().get(request, *args, **kwargs)

    def get_feature_types(self):
        staff = may_see_staff_datasets(self.request)
        return [_feature_type(dataset) for dataset in visible_datasets(staff=staff)]
