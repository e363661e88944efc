"""What a WFS request may hand to django-gisserver: checked parameters and bounded coordinates.

The library answers some malformed requests with a 500 (an empty fes:Filter, a bare RESOURCEID, an
unknown namespace prefix, a DOCTYPE); `client_error` turns what parsing the request raised into an
OWS ExceptionReport.

Coordinates are bounded (see geo.bounds for why). Two ways lead from a request to GEOS: the BBOX
parameter (rewritten in the view with `bounded_bbox`) and every GML geometry inside a fes:Filter, from
the FILTER parameter or a POST body. The library parses those through its tag registry;
`BoundedGMLGeometry` takes their place there and clamps the coordinates of the already parsed XML
(entities and CDATA resolved) before GEOS sees them.
"""

import re

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as parse_xml
from gisserver.crs import CRS
from gisserver.exceptions import (
    ExternalParsingError,
    ExternalValueError,
    InvalidParameterValue,
    OperationParsingFailed,
    OWSException,
)
from gisserver.parsers.ast import tag_registry
from gisserver.parsers.gml.geometries import GEOSGMLGeometry
from gisserver.parsers.xml import NSElement
from gisserver.parsers.xml import split_ns as split_tag
from pyproj.exceptions import CRSError

from edge.fields import posted_id
from geo.bounds import CoordinateError, area_of_use, clamp, clamp_box, finite_numbers

# Elements whose text holds coordinate tuples, and the GML 2 single-axis elements of gml:coord.
TUPLE_ELEMENTS = {"pos", "posList", "lowerCorner", "upperCorner", "coordinates"}
AXIS_ELEMENTS = {"X": 0, "Y": 1, "Z": 2}
MAX_HEIGHT = 100_000.0  # metres; a third axis only needs to stay away from GEOS's limits


def _axis_ranges(crs: CRS) -> list[tuple[float, float]]:
    xmin, ymin, xmax, ymax = area_of_use(crs.srid)
    ranges = [(xmin, xmax), (ymin, ymax)]
    if crs.is_north_east_order and not crs.force_xy:
        ranges.reverse()
    return [*ranges, (-MAX_HEIGHT, MAX_HEIGHT)]


def _dimension(element: NSElement, default: int) -> int:
    try:
        dimension = int(element.get("srsDimension", default))
    except ValueError:
        dimension = 0
    if dimension not in (2, 3):
        raise CoordinateError("srsDimension muss 2 oder 3 sein.")
    return dimension


def _clamp_tuples(element: NSElement, ranges: list[tuple[float, float]], dimension: int) -> None:
    text = element.text or ""
    if split_tag(element.tag)[1] == "coordinates":
        if element.get("decimal", ".") != ".":
            raise CoordinateError("gml:coordinates mit anderem Dezimalzeichen als '.' wird nicht unterstützt.")
        text = text.replace(element.get("cs", ","), " ").replace(element.get("ts", " "), " ")
    numbers = finite_numbers(text)
    if len(numbers) % dimension:
        raise CoordinateError("Die Anzahl der Koordinaten passt nicht zu srsDimension.")
    clamped = [clamp(n, *ranges[i % dimension]) for i, n in enumerate(numbers)]
    element.text = " ".join(repr(n) for n in clamped)
    element.attrib.pop("cs", None)
    element.attrib.pop("ts", None)


def bound_gml(element: NSElement, crs: CRS) -> None:
    """Clamp every coordinate below `element` to the area of use of `crs`, in place."""
    ranges = _axis_ranges(crs)
    dimension = _dimension(element, 2)
    for child in element.iter():
        name = split_tag(child.tag)[1]
        if name in TUPLE_ELEMENTS:
            _clamp_tuples(child, ranges, _dimension(child, dimension))
        elif name in AXIS_ELEMENTS:
            (number,) = finite_numbers(child.text or "", count=1)
            child.text = repr(clamp(number, *ranges[AXIS_ELEMENTS[name]]))


class BoundedGMLGeometry(GEOSGMLGeometry):
    @classmethod
    def from_xml(cls, element: NSElement):
        crs = CRS.from_string(element.get_str_attribute("srsName"))
        try:
            bound_gml(element, crs)
        except CoordinateError as exc:
            raise ExternalParsingError(str(exc)) from None
        return super().from_xml(element)


def install() -> None:
    """Let the library parse GML geometries with `BoundedGMLGeometry`; called once from geo.wfs."""
    for name, parser in list(tag_registry.parsers.items()):
        if parser is GEOSGMLGeometry:
            tag_registry.parsers[name] = BoundedGMLGeometry


def bounded_bbox(value: str, default_crs: CRS) -> str:
    """The BBOX parameter with its corners clamped to the area of use of its CRS (or of `default_crs`)."""
    parts = value.split(",")
    if len(parts) not in (4, 5):
        raise InvalidParameterValue("BBOX erwartet vier Zahlen und optional ein Koordinatensystem.", locator="bbox")
    try:
        crs = CRS.from_string(parts[4]) if len(parts) == 5 else default_crs
        lat_first = crs.is_north_east_order and not crs.force_xy  # asks PROJ: an unknown code fails here
    except ExternalValueError as exc:
        raise InvalidParameterValue(f"BBOX: {exc}", locator="bbox") from None
    except CRSError:
        raise InvalidParameterValue(f"BBOX: unbekanntes Koordinatensystem {parts[4][:100]}", locator="bbox") from None
    try:
        numbers = finite_numbers(",".join(parts[:4]), count=4)
        if lat_first:
            numbers = [numbers[1], numbers[0], numbers[3], numbers[2]]
        xmin, ymin, xmax, ymax = clamp_box((numbers[0], numbers[1], numbers[2], numbers[3]), crs.srid)
    except CoordinateError as exc:
        raise InvalidParameterValue(f"BBOX: {exc}", locator="bbox") from None
    corners = [ymin, xmin, ymax, xmax] if lat_first else [xmin, ymin, xmax, ymax]
    return ",".join([*(repr(c) for c in corners), *parts[4:]])


MAX_DIGITS = 18  # a paging value stays below PostgreSQL's bigint (2**63, 19 digits)
RESOURCE_ID = re.compile(r"[\w:-]+\.[\w-]+")


def param_key(request, name: str) -> str | None:
    """The query parameter's spelling in this request; WFS parameter names are case-insensitive."""
    return next((k for k in request.GET if k.upper() == name), None)


def _check_paging(params: dict[str, str]) -> None:
    """`params` by upper-case name: paging values must be whole numbers from 0 below PostgreSQL's bigint."""
    for name in ("STARTINDEX", "COUNT", "MAXFEATURES"):
        if name in params and posted_id(params[name], digits=MAX_DIGITS) is None:
            raise InvalidParameterValue(f"{name} muss eine ganze Zahl ab 0 sein.", locator=name.lower())


def check_post(body: bytes) -> None:
    """The checks of `check_params` for a POST request: its root's attributes are the GET parameters.

    A body that does not parse is left to the library, which answers it with an exception report."""
    try:
        root = parse_xml(body)
    except (ParseError, DefusedXmlException, ValueError):
        return
    attributes = {split_tag(name)[1].upper(): value.strip() for name, value in root.attrib.items()}
    if attributes.get("SERVICE", "WFS") != "WFS":
        raise InvalidParameterValue("service muss „WFS“ sein.", locator="service")
    _check_paging(attributes)


def check_params(request) -> None:
    """Values the library would pass on unchecked (NaN, huge offsets) or fail on with a 500: refuse them."""
    params = {key.upper(): value for key, value in request.GET.items()}
    _check_paging(params)
    if "RESOURCEID" in params and not all(RESOURCE_ID.fullmatch(v) for v in params["RESOURCEID"].split(",")):
        raise InvalidParameterValue("RESOURCEID erwartet Werte wie stadtteile.12.", locator="resourceId")
    if "PROPERTYNAME" in params and not params["PROPERTYNAME"].strip("(),"):
        raise InvalidParameterValue("PROPERTYNAME darf nicht leer sein.", locator="propertyName")


def client_error(exc: Exception, *, parsed: bool) -> OWSException | None:
    """The OWS exception for an error that the request caused, or None for a server error.

    Before the request is parsed (`parsed` False), every ValueError or LookupError comes from its text.
    """
    if isinstance(exc, DefusedXmlException):
        return OperationParsingFailed("XML mit DOCTYPE, Entitäten oder externen Verweisen wird nicht angenommen.")
    if isinstance(exc, ExternalParsingError | ExternalValueError):
        return OperationParsingFailed(f"Die Anfrage ist fehlerhaft: {exc}")
    if not parsed and isinstance(exc, ValueError | LookupError):
        return OperationParsingFailed("Die Anfrage ist unvollständig oder fehlerhaft (z. B. ein leerer fes:Filter).")
    return None
