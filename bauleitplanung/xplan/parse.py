"""Reading an XPlanGML file with lxml: the plan object, its Geltungsbereich and the content features.

Safety first: the whole file is bounded in size before parsing, the parser loads no DTD, resolves no entity
and opens no network connection, a DOCTYPE is refused, and every geometry is bounded (XML size and number of
coordinates) before GDAL reads it. Nothing is written to disk.
"""

import re
from dataclasses import dataclass, field

from django.contrib.gis.gdal import GDALException, OGRGeometry
from django.contrib.gis.geos import GEOSException
from django.utils.translation import gettext as _
from lxml import etree

from bauleitplanung.xplan import codelists
from bauleitplanung.xplan.crs import allowed_names, srid_of


class XPlanError(Exception):
    """A file that is refused, with the reason for the planner (German, translatable)."""


GML_NAMESPACES = {"http://www.opengis.net/gml/3.2", "http://www.opengis.net/gml"}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XPLAN_NS = re.compile(r"^http://www\.xplanung\.de/xplangml/(\d+)/(\d+)$")
SUPPORTED = {"4.1", "5.0", "5.1", "5.2", "5.3", "5.4", "6.0"}
PLAN_CLASSES = {"BP_Plan", "FP_Plan"}
# Presentation objects only place symbols and texts on the drawing; they are not plan content.
PRESENTATION = re.compile(r"^XP_(PPO|PTO|LPO|LTO|FPO|TPO|Praesentationsobjekt|Nutzungsschablone)$")
GEOMETRY_PROPERTIES = ("position", "raeumlicherGeltungsbereich")
MAX_GEOMETRY_BYTES = 5 * 1024 * 1024
MAX_COORDINATES = 200_000  # numbers in one geometry
MAX_TOTAL_COORDINATES = 5_000_000
MAX_VALUE_CHARS = 2000


@dataclass
class ParsedFeature:
    gml_id: str
    feature_class: str
    srid: int
    wkb: bytes
    attributes: dict


@dataclass
class ParsedPlan:
    version: str
    plan_class: str
    gml_id: str
    name: str
    attributes: dict
    area: ParsedFeature | None
    features: list[ParsedFeature] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # class -> count left out (presentation, no geometry)


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _namespace(tag) -> str:
    return etree.QName(tag).namespace or "" if isinstance(tag, str) else ""


def _gml_id(element) -> str:
    for ns in GML_NAMESPACES:
        value = element.get(f"{{{ns}}}id")
        if value:
            return value[:200]
    return ""


def parse_document(data: bytes):
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise XPlanError(_("Die Datei ist kein gültiges XML: %s") % str(exc)[:200]) from exc
    if root.getroottree().docinfo.doctype:
        raise XPlanError(_("XML-Dateien mit DOCTYPE werden aus Sicherheitsgründen abgelehnt."))
    return root


def _version(root) -> str:
    match = XPLAN_NS.match(_namespace(root.tag))
    if not match or _local(root.tag) != "XPlanAuszug":
        raise XPlanError(_("Die Datei ist keine XPlanGML-Datei (erwartet: ein XPlanAuszug von XPlanung 4.1 bis 6.0)."))
    version = f"{match.group(1)}.{match.group(2)}"
    if version not in SUPPORTED:
        raise XPlanError(
            _("XPlanung %(v)s wird nicht unterstützt; möglich sind 4.1, 5.0 bis 5.4 und 6.0.") % {"v": version}
        )
    return version


def _members(root):
    for child in root:
        name = _local(child.tag)
        if _namespace(child.tag) in GML_NAMESPACES and name in ("featureMember", "featureMembers"):
            yield from (member for member in child if isinstance(member.tag, str))


def _srs_name(geometry, default: str) -> str:
    element = geometry
    while element is not None:
        if element.get("srsName"):
            return element.get("srsName")
        element = element.getparent()
    return default


def _document_srs(root) -> str:
    for envelope in root.iter("{http://www.opengis.net/gml/3.2}Envelope", "{http://www.opengis.net/gml}Envelope"):
        if envelope.get("srsName"):
            return envelope.get("srsName")
    return ""


class _Budget:
    def __init__(self):
        self.coordinates = 0


def _geometry(prop, *, gml_id: str, default_srs: str, budget: _Budget) -> tuple[int, bytes]:
    """WKB (linear, 2D) and SRID of the single geometry inside the property element `prop`."""
    geometries = [child for child in prop if isinstance(child.tag, str)]
    if len(geometries) != 1 or _namespace(geometries[0].tag) not in GML_NAMESPACES:
        raise XPlanError(_("Objekt %(id)s: die Geometrie fehlt oder ist keine GML-Geometrie.") % {"id": gml_id})
    geometry = geometries[0]
    srs = _srs_name(geometry, default_srs)
    srid = srid_of(srs)
    if srid is None:
        raise XPlanError(
            _("Objekt %(id)s: unbekanntes Koordinatensystem „%(srs)s“. Möglich sind: %(allowed)s")
            % {"id": gml_id, "srs": srs[:100] or "—", "allowed": allowed_names()}
        )
    count = 0
    for element in geometry.iter():
        if _local(element.tag) in ("posList", "pos", "coordinates", "lowerCorner", "upperCorner"):
            count += len((element.text or "").split())
    budget.coordinates += count
    if count > MAX_COORDINATES or budget.coordinates > MAX_TOTAL_COORDINATES:
        raise XPlanError(
            _("Objekt %(id)s: zu viele Koordinaten (höchstens %(n)s je Objekt und %(total)s je Datei).")
            % {"id": gml_id, "n": f"{MAX_COORDINATES:,}".replace(",", "."),
               "total": f"{MAX_TOTAL_COORDINATES:,}".replace(",", ".")}
        )  # fmt: skip
    text = etree.tostring(geometry)
    if len(text) > MAX_GEOMETRY_BYTES:
        raise XPlanError(_("Objekt %(id)s: die Geometrie ist zu groß.") % {"id": gml_id})
    try:
        ogr = OGRGeometry.from_gml(text).get_linear_geometry()
        ogr.geos  # noqa: B018 -- GEOS refuses what GDAL lets through (unclosed rings, too few points)
    except (GDALException, GEOSException, ValueError) as exc:
        raise XPlanError(
            _("Objekt %(id)s: die Geometrie ist fehlerhaft und kann nicht gelesen werden.") % {"id": gml_id}
        ) from exc
    if ogr.empty:
        raise XPlanError(_("Objekt %(id)s: die Geometrie ist leer.") % {"id": gml_id})
    return srid, bytes(ogr.wkb)


def _value(element) -> str | None:
    text = (element.text or "").strip()
    return text[:MAX_VALUE_CHARS] if text else None


def _attributes(feature, feature_class: str) -> dict:
    """Simple properties as text (codes keep their leading zeros), with the German label of known codes.

    Nested data types (e.g. a Zweckbestimmung inside BP_KomplexeZweckbestGruen) are read one level deep;
    references to other objects (xlink:href) are left out. Repeated properties become lists.
    """
    attributes: dict = {}

    def put(key: str, value: str) -> None:
        if key in attributes:
            existing = attributes[key]
            attributes[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            attributes[key] = value

    for prop in feature:
        name = _local(prop.tag)
        if not name or name in GEOMETRY_PROPERTIES or _namespace(prop.tag) in GML_NAMESPACES or prop.get(XLINK_HREF):
            continue
        children = [c for c in prop if isinstance(c.tag, str)]
        if not children:
            value = _value(prop)
            if value is not None:
                put(name, value)
            continue
        for datatype in children:  # the data type element (e.g. XP_Gemeinde), then its leaves
            leaves = [leaf for leaf in datatype if isinstance(leaf.tag, str)] or [datatype]
            for leaf in leaves:
                value = _value(leaf)
                if value is None:
                    continue
                leaf_name = _local(leaf.tag)
                # "allgemein" is the code of a complex Zweckbestimmung: it stands for the property itself.
                key = name if leaf_name in ("allgemein", name) or leaf is datatype else leaf_name
                put(key, value)
    for key, value in list(attributes.items()):
        for code in value if isinstance(value, list) else [value]:
            text = codelists.label(feature_class, key, code)
            if text:
                put(f"{key}_text", text)
    return attributes


def read_plan(data: bytes) -> ParsedPlan:
    root = parse_document(data)
    version = _version(root)
    default_srs = _document_srs(root)
    budget = _Budget()
    plans, features, skipped = [], [], {}
    for member in _members(root):
        feature_class, gml_id = _local(member.tag), _gml_id(member)
        if feature_class in PLAN_CLASSES:
            plans.append(member)
            continue
        prop = next((c for c in member if _local(c.tag) == "position"), None)
        if PRESENTATION.match(feature_class) or prop is None:
            skipped[feature_class] = skipped.get(feature_class, 0) + 1
            continue
        if not gml_id:
            raise XPlanError(_("Ein Objekt der Klasse %(cls)s hat keine gml:id.") % {"cls": feature_class})
        srid, wkb = _geometry(prop, gml_id=gml_id, default_srs=default_srs, budget=budget)
        features.append(ParsedFeature(gml_id, feature_class, srid, wkb, _attributes(member, feature_class)))
    if len(plans) != 1:
        raise XPlanError(
            _("Die Datei muss genau einen Plan enthalten (BP_Plan oder FP_Plan); sie enthält %(n)d.")
            % {"n": len(plans)}
        )
    plan = plans[0]
    plan_class, plan_id = _local(plan.tag), _gml_id(plan) or "—"
    area_prop = next((c for c in plan if _local(c.tag) == "raeumlicherGeltungsbereich"), None)
    if area_prop is None:
        raise XPlanError(_("Der Plan %(id)s hat keinen räumlichen Geltungsbereich.") % {"id": plan_id})
    srid, wkb = _geometry(area_prop, gml_id=plan_id, default_srs=default_srs, budget=budget)
    attributes = _attributes(plan, plan_class)
    area = ParsedFeature(plan_id, plan_class, srid, wkb, {})
    seen: set[str] = set()
    for feature in features:
        if feature.gml_id in seen:
            raise XPlanError(_("Die gml:id %(id)s kommt mehrfach vor.") % {"id": feature.gml_id})
        seen.add(feature.gml_id)
    name = attributes.get("name", "")
    return ParsedPlan(version=version, plan_class=plan_class, gml_id=plan_id,
                      name=name if isinstance(name, str) else name[0], attributes=attributes, area=area,
                      features=features, skipped=skipped)  # fmt: skip
