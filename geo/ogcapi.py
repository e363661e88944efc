"""OGC API – Features (Part 1 Core, GeoJSON; Part 2 CRS) for the registered datasets, read-only.

QGIS and GDAL ("OAPIF") add /ogc/ as a live layer source. Items are built in SQL (geo.geojson).
"""

import json
import re
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.db.models import Subquery
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from edge.paging import COUNT_CAP, capped_count
from geo import ogcfilter
from geo.datasets import (
    Dataset,
    DatasetFilterError,
    apply_filters,
    get_dataset,
    live_layers,
    parse_bbox,
    parse_moment,
)
from geo.geojson import features_page_from_sql
from geo.gis_auth import gis_user, may_read
from geo.models import CityBoundary
from geo.spatial import UTM32, WGS84

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
EPSG_25832 = "http://www.opengis.net/def/crs/EPSG/0/25832"
# Output CRS -> SQL around the stored geometry, and the coordinate precision that fits its units.
OUTPUT_CRS = {
    CRS84: ("{}", 7),
    EPSG_4326: ("ST_FlipCoordinates({})", 7),  # EPSG:4326 is latitude first
    EPSG_25832: ("ST_Transform({}, 25832)", 2),
}
DEFAULT_LIMIT, MAX_LIMIT = 100, 10_000
MAX_OFFSET = 2**62  # beyond any table; PostgreSQL's bigint ends at 2**63
FEATURE_ID = re.compile(r"[0-9]{1,18}")
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    *ogcfilter.CONFORMANCE,
]
# Parameters of /items besides each dataset's own filters and queryables; anything else is refused
# (Part 1, /req/core/query-param-unknown), so that a misspelt filter never returns everything.
ITEMS_PARAMS = {"limit", "offset", "after", "crs", "bbox", "bbox-crs", "datetime", "f",
                "filter", "filter-lang", "filter-crs"}  # fmt: skip
ITEM_PARAMS = {"crs", "f"}
PAGE_PARAMS = {"f"}  # landing page, conformance, collections, one collection, queryables
GEOJSON = "application/geo+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
QUERYABLES_TYPE = "application/schema+json"


class OgcError(Exception):
    def __init__(self, description: str, status: int = 400, code: str = "InvalidParameterValue"):
        super().__init__(description)
        self.description, self.status, self.code = description, status, code


def _error(exc: OgcError) -> JsonResponse:
    return JsonResponse({"code": exc.code, "description": exc.description}, status=exc.status)


def _link(request, name: str, rel: str, media_type: str, title: str, **kwargs) -> dict:
    href = request.build_absolute_uri(reverse(f"ogc:{name}", kwargs=kwargs or None))
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def _dataset_or_404(request, collection_id: str) -> Dataset:
    dataset = get_dataset(collection_id)
    # A collection the user may not read does not exist for anyone else: not in the list, 404 when asked for.
    if dataset is None or not may_read(request, dataset):
        raise OgcError(_("Unbekannte Sammlung: %(id)s") % {"id": collection_id}, status=404, code="NotFound")
    if dataset.mixed:  # served as one collection per geometry type
        names = ", ".join(layer.name for layer in dataset.layers())
        raise OgcError(
            _("%(id)s gibt es je Geometrieart: %(names)s") % {"id": collection_id, "names": names},
            status=404,
            code="NotFound",
        )
    return dataset


def _license_links() -> list[dict]:
    return [
        {"href": settings.GIS_LICENSE_URL, "rel": "license", "type": "text/html", "title": settings.GIS_LICENSE_TITLE}
    ]


def _collection(request, dataset: Dataset, extent: list[float] | None) -> dict:
    key = {"collection_id": dataset.name}
    return {
        "id": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        "itemType": "feature",
        "crs": list(OUTPUT_CRS),
        "storageCrs": CRS84,
        "extent": {"spatial": {"bbox": [extent] if extent else [], "crs": CRS84}},
        "geometryType": dataset.geometry_type,
        "attribution": settings.GIS_ATTRIBUTION,
        "links": [
            _link(request, "collection", "self", "application/json", dataset.title, collection_id=dataset.name),
            _link(request, "items", "items", GEOJSON, dataset.title, collection_id=dataset.name),
            _link(request, "queryables", QUERYABLES_REL, QUERYABLES_TYPE, _("Abfragbare Eigenschaften"), **key),
            *_license_links(),
        ],
    }


def _city_extent() -> list[float] | None:
    city = CityBoundary.objects.first()
    return [round(v, 5) for v in city.geom.extent] if city else None


def ogc_view(view=None, *, params: set[str] | None = PAGE_PARAMS):
    """JSON exceptions in the OGC format for every error the client can cause, and a 400 for a parameter
    that the endpoint does not know (`params`; None where the view checks them itself, as /items does)."""
    if view is None:
        return lambda view: ogc_view(view, params=params)

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if params is not None:
                _refuse_unknown(request, params)
            return view(request, *args, **kwargs)
        except OgcError as exc:
            return _error(exc)
        except (DatasetFilterError, ogcfilter.FilterError) as exc:
            return _error(OgcError(f"{exc.param}: {exc.message}"))

    return wrapper


@ogc_view
def landing(request):
    return JsonResponse(
        {
            "title": "KLmitWirkung Kaiserslautern — OGC API Features",
            "description": _("Ideen, Vorhaben und Stadtteile der Beteiligungsplattform als Live-Layer für GIS."),
            "attribution": settings.GIS_ATTRIBUTION,
            "links": [
                *_license_links(),
                _link(request, "landing", "self", "application/json", _("diese Seite")),
                _link(request, "conformance", "conformance", "application/json", _("Konformität")),
                _link(request, "collections", "data", "application/json", _("Sammlungen")),
                {
                    "href": request.build_absolute_uri(reverse("schema")),
                    "rel": "service-desc",
                    "type": "application/vnd.oai.openapi+json;version=3.0",
                    "title": "OpenAPI",
                },
                {
                    "href": request.build_absolute_uri(reverse("api-docs")),
                    "rel": "service-doc",
                    "type": "text/html",
                    "title": _("API-Dokumentation"),
                },
            ],
        }
    )


@ogc_view
def conformance(request):
    return JsonResponse({"conformsTo": CONFORMANCE})


@ogc_view
def collections(request):
    extent = _city_extent()
    user = gis_user(request)
    return JsonResponse(
        {
            "links": [_link(request, "collections", "self", "application/json", _("Sammlungen"))],
            "collections": [_collection(request, d, extent) for d in live_layers(user)],
        }
    )


@ogc_view
def collection(request, collection_id: str):
    return JsonResponse(_collection(request, _dataset_or_404(request, collection_id), _city_extent()))


@ogc_view
def queryables(request, collection_id: str):
    dataset = _dataset_or_404(request, collection_id)
    schema = ogcfilter.queryables_schema(dataset, request.build_absolute_uri(request.path))
    return JsonResponse(schema, content_type=QUERYABLES_TYPE)


def _refuse_unknown(request, known: set[str]) -> None:
    unknown = sorted(set(request.GET) - known)
    if unknown:
        raise OgcError(
            _("Unbekannte Parameter: %(names)s; möglich sind: %(list)s")
            % {"names": ", ".join(unknown), "list": ", ".join(sorted(known))}
        )


def _int_param(request, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise OgcError(_("%(name)s muss eine ganze Zahl sein.") % {"name": name}) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise OgcError(
            _("%(name)s muss zwischen %(min)s und %(max)s liegen.")
            % {"name": name, "min": minimum, "max": maximum or "∞"}
        )
    return value


def _datetime_range(value: str | None) -> tuple[datetime | None, datetime | None]:
    """RFC 3339 instant, or interval 'start/end' with '..' for open ends."""
    if not value:
        return None, None
    if "/" in value:
        start, _sep, end = value.partition("/")
        return parse_moment(start, end=False, param="datetime"), parse_moment(end, end=True, param="datetime")
    return parse_moment(value, end=False, param="datetime"), parse_moment(value, end=True, param="datetime")


def _bbox(request):
    """The bbox filter in WGS84; bbox-crs may be CRS84, EPSG:4326 (latitude first) or EPSG:25832."""
    if not request.GET.get("bbox"):
        return None
    bbox_crs = request.GET.get("bbox-crs") or CRS84
    if bbox_crs not in OUTPUT_CRS:
        raise OgcError(_("bbox-crs wird nicht unterstützt; möglich sind: %(list)s") % {"list": ", ".join(OUTPUT_CRS)})
    srid = UTM32 if bbox_crs == EPSG_25832 else WGS84
    return parse_bbox(request.GET["bbox"], srid=srid, lat_first=bbox_crs == EPSG_4326)


def _output_crs(request) -> str:
    crs = request.GET.get("crs") or CRS84
    if crs not in OUTPUT_CRS:
        raise OgcError(_("crs wird nicht unterstützt; möglich sind: %(list)s") % {"list": ", ".join(OUTPUT_CRS)})
    return crs


def _geojson_response(body: str, crs: str) -> HttpResponse:
    response = HttpResponse(body, content_type=GEOJSON)
    response["Content-Crs"] = f"<{crs}>"
    return response


@ogc_view(params=None)
def items(request, collection_id: str):
    """A page of features in id order. `next` pages by key (`after` = the last id of this page), so the
    thousandth page costs what the first does; numberMatched is given while it is at most COUNT_CAP."""
    dataset = _dataset_or_404(request, collection_id)
    queryable = ogcfilter.queryables(dataset)
    _refuse_unknown(request, ITEMS_PARAMS | set(dataset.filters) | (set(queryable) - {ogcfilter.GEOMETRY_QUERYABLE}))
    limit = _int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int_param(request, "offset", 0, 0, MAX_OFFSET)
    after = _int_param(request, "after", 0, 0, MAX_OFFSET)
    crs = _output_crs(request)
    bbox = _bbox(request)
    start, end = _datetime_range(request.GET.get("datetime"))

    queryset = apply_filters(dataset, dataset.queryset(), bbox=bbox, start=start, end=end, values=request.GET)
    # A name that is both a dataset filter and a queryable (the ideas' `stadtteil`) keeps the filter's meaning.
    queryset = ogcfilter.apply_property_filters(dataset, queryset, request.GET, skip=set(dataset.filters))
    queryset = ogcfilter.apply_cql2_filter(dataset, queryset, request.GET)
    queryset = queryset.using(queryset.db)  # count and page from the same database (replicas may lag)
    matched = capped_count(queryset)
    rows = queryset.filter(pk__gt=after) if after else queryset
    if offset:
        # The key of the offset row is sought on the primary key alone (an index-only scan for the ideas'
        # published-id index), then the page is read from that key: PostgreSQL never builds the skipped rows.
        rows = rows.filter(pk__gte=Subquery(rows.values("pk")[offset : offset + 1]))
    features, returned, last_id = _features(dataset, rows[:limit], crs)

    links = [_page_link(request, "self")]
    if returned == limit and (matched > COUNT_CAP or after or offset + returned < matched):
        links.append(_page_link(request, "next", after=last_id))
    head = {
        "type": "FeatureCollection",
        "timeStamp": timezone.now().isoformat(timespec="seconds"),
        **({"numberMatched": matched} if matched <= COUNT_CAP else {}),
        "numberReturned": returned,
        "links": links,
    }
    return _geojson_response(json.dumps(head)[:-1] + ', "features": ' + features + "}", crs)


def _features(dataset: Dataset, rows, crs: str) -> tuple[str, int, int | None]:
    geometry_sql, precision = OUTPUT_CRS[crs]
    sql, params = dataset.select_sql(rows, geometry_sql=geometry_sql)
    return features_page_from_sql(
        sql, params, properties=dataset.properties, precision=precision, using=rows.db,
        time_zone=settings.TIME_ZONE, datetimes=dataset.datetime_properties,
    )  # fmt: skip


def _page_link(request, rel: str, **key) -> dict:
    query = request.GET.copy()
    if key:
        query.pop("offset", None)
        query["after"] = str(key["after"])
    return {"href": request.build_absolute_uri(f"{request.path}?{query.urlencode()}"), "rel": rel, "type": GEOJSON}


@ogc_view(params=ITEM_PARAMS)
def item(request, collection_id: str, feature_id: str):
    dataset = _dataset_or_404(request, collection_id)
    crs = _output_crs(request)
    if not FEATURE_ID.fullmatch(feature_id):
        raise OgcError(_("Unbekanntes Objekt: %(id)s") % {"id": feature_id}, status=404, code="NotFound")
    features, returned, _last_id = _features(dataset, dataset.queryset().filter(pk=int(feature_id)), crs)
    if not returned:
        raise OgcError(_("Unbekanntes Objekt: %(id)s") % {"id": feature_id}, status=404, code="NotFound")
    feature = json.loads(features)[0]
    feature["links"] = [
        {"href": request.build_absolute_uri(), "rel": "self", "type": GEOJSON},
        _link(request, "collection", "collection", "application/json", dataset.title, collection_id=dataset.name),
    ]
    return _geojson_response(json.dumps(feature), crs)
