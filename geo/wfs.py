"""WFS 2.0 for the live layers through django-gisserver (GetCapabilities, DescribeFeatureType, GetFeature
with BBOX and paging; GeoJSON and GML). A dataset that needs a permission appears only to a user (token) who has it.

Every attribute of a dataset, computed ones included (status labels, idea counts, rates), is an annotation
on the layer's queryset that gisserver reads like a model field: WFS publishes the same field list as the
OGC API and the files. A one-kind layer declares its Multi* geometry type in DescribeFeatureType.
"""

import copy
import json
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, JSONField, QuerySet
from django.utils import timezone
from django.utils.html import escape
from gisserver.crs import CRS
from gisserver.features import FeatureField, FeatureType, ServiceDescription
from gisserver.geometries import WGS84BoundingBox
from gisserver.types import GeometryXsdElement, XsdElement, XsdTypes
from gisserver.views import WFSView

from edge.text import strip_controls
from geo.datasets import EXTENT_VERSION_KEY, Dataset, live_layers
from geo.gis_auth import gis_user
from geo.wfs_guard import bounded_bbox, check_params, check_post, client_error, install, param_key

install()

WGS84_CRS = CRS.from_srid(4326)
UTM32_CRS = CRS.from_srid(25832)
GEOMETRY_XSD = {
    "MultiPoint": XsdTypes.gmlMultiPointPropertyType,
    "MultiLineString": XsdTypes.gmlMultiCurvePropertyType,
    "MultiPolygon": XsdTypes.gmlMultiSurfacePropertyType,
}


class _AttributeElement(XsdElement):
    """JSON as JSON text (not Python's dict repr), date-times in the city's time zone (gisserver writes UTC),
    text without the control characters that XML cannot carry (rows from before edge.text refused them)."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if isinstance(value, str):
            return strip_controls(value)
        if isinstance(value, dict | list):
            return strip_controls(json.dumps(value, ensure_ascii=False))
        if isinstance(value, datetime):
            return timezone.localtime(value).isoformat(timespec="milliseconds")  # as GeoJSON (geo.geojson)
        return value


class _AttributeField(FeatureField):
    """A dataset attribute, read from the annotation `attribute` of the layer's queryset."""

    xsd_element_class = _AttributeElement

    def __init__(self, name: str, attribute: str, output_field):
        super().__init__(name, model_attribute=attribute)
        self._output_field = output_field

    def bind(self, model, parent=None, feature_type=None):
        self.model, self.parent, self.feature_type = model, parent, feature_type
        field = copy.copy(self._output_field)  # a stand-in model field: gisserver takes its XSD type from it
        field.name = field.attname = self.model_attribute
        field.model, field.null = model, True
        self.model_field = field

    def _get_xsd_type(self):
        # Types GDAL's XSD reader (and so QGIS's and ogr2ogr's WFS clients) knows; with one it does not
        # know it drops the whole schema and guesses the fields from the data.
        if isinstance(self._output_field, JSONField):
            return XsdTypes.string
        xsd_type = super()._get_xsd_type()
        return {XsdTypes.nonNegativeInteger: XsdTypes.integer, XsdTypes.anyType: XsdTypes.string}.get(
            xsd_type, xsd_type
        )


class _GeometryField(_AttributeField):
    """The layer's geometry; a one-kind layer declares its Multi* type (gisserver says "any geometry")."""

    xsd_element_class = GeometryXsdElement

    def __init__(self, name: str, attribute: str, output_field, geometry_type: str | None):
        super().__init__(name, attribute, output_field)
        self._geometry_type = geometry_type

    def _get_xsd_type(self):
        return GEOMETRY_XSD.get(self._geometry_type) or super()._get_xsd_type()


class _AnnotatedQuerySet(QuerySet):
    """gisserver narrows its queries with only()/defer() by name; annotations are no model fields there."""

    def only(self, *fields):
        return super().only(*(f for f in fields if f not in self.query.annotations))

    def defer(self, *fields):
        return super().defer(*(f for f in fields if f not in self.query.annotations))


class _LayerFeatureType(FeatureType):
    def get_queryset(self):
        return _AnnotatedQuerySet(model=self.model, query=self.queryset.query.chain(), using=self.queryset.db)

    def get_bounding_box(self) -> WGS84BoundingBox | None:
        """gisserver's extent of every row (a scan of the table: 1 s on a million ideas), kept in the cache until a
        row of a table the layer reads is saved or deleted (geo.datasets.forget_extents), or for
        WFS_EXTENT_SECONDS after a write that sends no signal (a bulk import, an update())."""
        key = f"wfs:extent:{self.name}:{cache.get(EXTENT_VERSION_KEY, 0)}"
        box = cache.get(key) if settings.WFS_EXTENT_SECONDS else None
        if box is None:
            found = super().get_bounding_box()
            box = (found.min_x, found.min_y, found.max_x, found.max_y) if found else ()
            if settings.WFS_EXTENT_SECONDS:
                cache.set(key, box, settings.WFS_EXTENT_SECONDS)
        return WGS84BoundingBox(*box) if box else None


# The layers' feature types, built once per process and kept while their dataset stays the same (a title in
# another language is another layer here): building one annotates its queryset with every attribute, a tenth
# of a GetCapabilities' CPU per layer. gisserver's own views keep theirs in a class attribute alike.
_feature_types: dict[tuple[str, str], tuple[Dataset, FeatureType]] = {}


def _feature_type(dataset: Dataset) -> FeatureType:
    kept = _feature_types.get((dataset.name, dataset.title))
    if kept is None or kept[0] != dataset:
        kept = _feature_types[dataset.name, dataset.title] = dataset, _new_feature_type(dataset)
    return kept[1]


def _new_feature_type(dataset: Dataset) -> FeatureType:
    sources = {f"wfs_{i}": source for i, source in enumerate(dataset.fields.values())}
    # The model's own column where it has one geometry type (GiST index for BBOX); ST_Multi(...) otherwise.
    geometry = "wfs_geometry" if dataset.kind else dataset.geometry
    if dataset.kind:
        sources[geometry] = dataset.geometry_expression()
    queryset = dataset.queryset().annotate(**{a: F(s) if isinstance(s, str) else s for a, s in sources.items()})
    resolved = queryset.query.annotations
    fields: list[FeatureField] = [
        _AttributeField(name, alias, resolved[alias].output_field)
        for name, alias in zip(dataset.fields, sources, strict=False)
    ]
    if dataset.kind:
        fields.append(_GeometryField("geom", geometry, resolved[geometry].output_field, dataset.geometry_type))
    else:
        fields.append(FeatureField(dataset.geometry))
    return _LayerFeatureType(
        queryset,
        fields=fields,
        geometry_field_name=geometry,
        name=dataset.name,
        title=dataset.title,
        abstract=dataset.description,
        crs=WGS84_CRS,
        other_crs=[UTM32_CRS],
        show_name_field=False,
    )


def _with_terms_of_use(response):
    """GetCapabilities names the licence and attribution (gisserver's template leaves both out)."""
    marker = b"</ows:ServiceTypeVersion>"
    if getattr(response, "streaming", True) or marker not in response.content[:4000]:
        return response
    terms = escape(f"{settings.GIS_LICENSE_TITLE} ({settings.GIS_LICENSE_URL}); {settings.GIS_ATTRIBUTION}")
    extra = f"\n    <ows:Fees>keine</ows:Fees>\n    <ows:AccessConstraints>{terms}</ows:AccessConstraints>"
    response.content = response.content.replace(marker, marker + extra.encode(), 1)
    return response


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
        if key := param_key(request, "SERVICE"):  # the library takes the name in capitals only
            query[key] = query[key].upper()
        # GDAL's WFS client (also inside QGIS) sends BBOX filters whose gml:Envelope has no srsName, which
        # GML 3.2 allows (the default CRS applies) but django-gisserver rejects: name the default CRS.
        key = param_key(request, "FILTER")
        if key and "<gml:Envelope>" in query[key]:
            query[key] = query[key].replace("<gml:Envelope>", f'<gml:Envelope srsName="{WGS84_CRS.urn}">')
        # Huge corners (QGIS sends ±1e8) are clamped to the CRS's area of use before GEOS sees them.
        if key := param_key(request, "BBOX"):
            query[key] = bounded_bbox(query[key], default_crs=WGS84_CRS)
        request.GET = query
        return _with_terms_of_use(super().get(request, *args, **kwargs))

    def post(self, request, *args, **kwargs):
        check_post(request.body)
        return _with_terms_of_use(super().post(request, *args, **kwargs))

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response is None and (error := client_error(exc, parsed=self.ows_request is not None)):
            response = super().handle_exception(error)
        return response

    def get_feature_types(self):
        return [_feature_type(layer) for layer in live_layers(gis_user(self.request))]
