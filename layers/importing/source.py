"""Opening a planner's file with GDAL (pyogrio's bundled GDAL) and turning it into WKB plus typed attributes."""

import json
import math
import mmap
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyogrio
from django.conf import settings
from django.utils.translation import gettext as _
from pyogrio import raw
from pyogrio.errors import DataLayerError, DataSourceError

from layers.importing.archive import extract_zip
from layers.importing.errors import LayerImportError

# extension -> GDAL driver that must have opened it (a .geojson that GDAL reads as something else is refused)
DRIVERS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".shp": "ESRI Shapefile",
           ".kml": {"KML", "LIBKML"}, ".csv": "CSV"}  # fmt: skip
ARCHIVES = {".zip", ".kmz"}
SUPPORTED_EXTENSIONS = sorted({*DRIVERS, *ARCHIVES})

CSV_OPTIONS = {
    "GEOM_POSSIBLE_NAMES": "wkt,geometry,geom,the_geom",
    "X_POSSIBLE_NAMES": "lon,lng,long,longitude,x,laenge,länge,rechtswert,easting",
    "Y_POSSIBLE_NAMES": "lat,latitude,y,breite,hochwert,northing",
    "KEEP_GEOM_COLUMNS": "NO",
    "AUTODETECT_TYPE": "YES",
}
# XML entities can read local files or reach the network; KML never needs them.
XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# CRS definitions that make PROJ open files or URLs (grids, init files, parameter files) are refused;
# Debian's GDAL 3.6 and PostGIS's PROJ would follow them (ST_Transform).
UNSAFE_CRS = re.compile(r"(://|\+init|grids\s*=|\bfile\b|PARAMETERFILE\s*\[|@)", re.IGNORECASE)
# GDAL picks a driver by content, not by name: an OGR VRT named x.geojson would be opened as VRT and
# read what it points at (/vsicurl/ URLs, local files). The head of a file must fit its extension.
HEAD_BYTES = 65536
BINARY_MAGIC = {".gpkg": b"SQLite format 3\x00", ".shp": b"\x00\x00\x27\x0a"}
TEXT_START = {".geojson": (b"{", b"["), ".json": (b"{", b"["), ".kml": (b"<",), ".csv": None}
FOREIGN_CONTENT = re.compile(rb"OGRVRTDataSource|/vsi[a-z0-9_]+/|<VRTDataset", re.IGNORECASE)
# For the reading itself: no network (HTTP, cloud storage, PROJ's grid CDN) whatever a file names.
NO_NETWORK = {
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/nirgends",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".nirgends",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    "PROJ_NETWORK": "OFF",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    # CPLHTTPFetch (what a CRS URL reaches, unlike /vsicurl/) has no switch of its own: an unreachable proxy
    # is the last net under the refusal of CRS links in `_check_geojson_crs`.
    "GDAL_HTTP_PROXY": "0.0.0.0:1",
    "GDAL_HTTPS_PROXY": "0.0.0.0:1",
    # One GeoJSON object (a feature) may take this many MB of text; a larger one is refused with its own
    # message (`_unreadable`), not as "no geodata".
    "OGR_GEOJSON_MAX_OBJ_SIZE": "200",
}
TOO_LARGE = re.compile(r"too complex|too large|MAX_OBJ_SIZE", re.IGNORECASE)
# A GeoJSON "crs" member (top level or in any geometry) that GDAL reads: a "link"/"url" type, or a name that
# is a URL, makes GDAL fetch it while opening the file. Only names and codes are taken, such as
# "urn:ogc:def:crs:EPSG::25832" or "EPSG:25832" (no "/", so no URL and no path).
GEOJSON_CRS_TYPES = {"name", "epsg", "ogc"}
SAFE_CRS_VALUE = re.compile(r"[A-Za-z0-9:._ -]{1,200}")
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
JSON_KEY_END = re.compile(rb"\s*:\s*")
MAYBE_CRS = re.compile(rb"crs|\\u", re.IGNORECASE)


@dataclass
class SourceData:
    layer_name: str
    crs: str  # "EPSG:25832" or a WKT/PROJ definition
    wkb: list[bytes | None]
    attributes: list[dict]
    geometry_type: str


def _pick_dataset(files: list[Path]) -> Path:
    candidates = [f for f in files if f.suffix.lower() in DRIVERS and not f.name.startswith(("._", "."))]
    if not candidates:
        raise LayerImportError(_("Im ZIP-Archiv wurde keine Geodatei gefunden (.shp, .gpkg, .geojson, .kml, .csv)."))
    shapefiles = [f for f in candidates if f.suffix.lower() == ".shp"]
    if len(shapefiles) > 1:
        raise LayerImportError(_("Das ZIP-Archiv enthält mehrere Shapefiles; bitte eines je Archiv hochladen."))
    return (shapefiles or candidates)[0]


def open_dataset(path: Path, workdir: Path) -> Path:
    """The dataset to read: `path` itself, or the geodata file inside an archive (unpacked into `workdir`)."""
    suffix = path.suffix.lower()
    if suffix in ARCHIVES:
        path = _pick_dataset(extract_zip(path, workdir))
        suffix = path.suffix.lower()
    if suffix not in DRIVERS:
        raise LayerImportError(
            _("Dieses Dateiformat wird nicht unterstützt. Möglich sind: %s") % ", ".join(SUPPORTED_EXTENSIONS)
        )
    if suffix == ".kml" and XML_DECLARATIONS.search(path.read_bytes()[:1_000_000]):
        raise LayerImportError(
            _("KML-Dateien mit DOCTYPE- oder ENTITY-Angaben werden aus Sicherheitsgründen abgelehnt.")
        )
    if not _content_fits(path, suffix):
        raise LayerImportError(_("Der Inhalt der Datei passt nicht zu ihrer Endung „%s“.") % path.suffix)
    if DRIVERS[suffix] == "GeoJSON":
        _check_geojson_crs(path)
    return path


def _check_geojson_crs(path: Path) -> None:
    """Refuse a GeoJSON whose "crs" GDAL would fetch, before GDAL opens it.

    Outside strings JSON has no quotes, so scanning string tokens from the start finds every key; keys are
    compared decoded and case-blind, as GDAL reads them ("cr\\u0073" and "CRS" are "crs" to it too)."""
    if path.stat().st_size == 0:
        return
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if not MAYBE_CRS.search(data):
            return
        for token in JSON_STRING.finditer(data):
            key_end = JSON_KEY_END.match(data, token.end())
            if not key_end or not _is_crs_key(token.group()):
                continue
            window = data[key_end.end() : key_end.end() + HEAD_BYTES].decode("utf-8", errors="replace")
            try:
                crs, _end = json.JSONDecoder().raw_decode(window)
            except ValueError:
                crs = None
            if crs is not None and not _safe_geojson_crs(crs):
                raise LayerImportError(
                    _(
                        "Das Koordinatensystem der Datei verweist auf eine Internetadresse oder Datei und wird "
                        "abgelehnt. Bitte geben Sie es als Code an (z. B. EPSG:25832) oder wählen Sie es beim "
                        "Hochladen aus."
                    )
                )


def _is_crs_key(token: bytes) -> bool:
    if len(token) > 40:
        return False
    try:
        return json.loads(token).lower() == "crs"
    except ValueError:
        return False


def _safe_geojson_crs(crs) -> bool:
    if not isinstance(crs, dict):
        return False
    members = {str(k).lower(): v for k, v in crs.items()}
    properties = members.get("properties") or {}
    if str(members.get("type", "")).lower() not in GEOJSON_CRS_TYPES or not isinstance(properties, dict):
        return False
    return all(
        isinstance(value, int) or (isinstance(value, str) and SAFE_CRS_VALUE.fullmatch(value))
        for value in properties.values()
    )


def _content_fits(path: Path, suffix: str) -> bool:
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if suffix in BINARY_MAGIC:
        return head.startswith(BINARY_MAGIC[suffix])
    if FOREIGN_CONTENT.search(head):
        return False
    starts = TEXT_START[suffix]
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return starts is None or text.startswith(starts)


@contextmanager
def gdal_without_network():
    """GDAL configured for reading untrusted files: see NO_NETWORK."""
    pyogrio.set_gdal_config_options(NO_NETWORK)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(dict.fromkeys(NO_NETWORK))


def _options(path: Path) -> dict:
    return CSV_OPTIONS if path.suffix.lower() == ".csv" else {}


def _unreadable(exc: Exception) -> LayerImportError:
    """What to tell the planner when GDAL cannot read the file: too large an object, or no geodata."""
    if TOO_LARGE.search(str(exc)):
        return LayerImportError(
            _(
                "Ein Objekt der Datei ist zu groß (mehr als %(mb)s MB Text oder zu viele Stützpunkte). "
                "Bitte vereinfachen Sie die Geometrie (z. B. in QGIS: Vektor › Geometrie-Werkzeuge › "
                "Vereinfachen) oder teilen Sie sie auf."
            )
            % {"mb": NO_NETWORK["OGR_GEOJSON_MAX_OBJ_SIZE"]}
        )
    return LayerImportError(_("Die Datei konnte nicht gelesen werden: Sie ist beschädigt oder kein Geodatenformat."))


def list_source_layers(path: Path) -> list[str]:
    try:
        with gdal_without_network():
            return [str(name) for name, _type in pyogrio.list_layers(path)]
    except (DataSourceError, DataLayerError) as exc:
        raise _unreadable(exc) from exc


def _choose_layer(path: Path, requested: str | None) -> str:
    names = list_source_layers(path)
    if requested:
        if requested not in names:
            raise LayerImportError(_("Die Ebene „%s“ gibt es in der Datei nicht.") % requested, layer_choices=names)
        return requested
    if len(names) > 1:
        raise LayerImportError(_("Die Datei enthält mehrere Ebenen. Bitte eine auswählen."), layer_choices=names)
    if not names:
        raise LayerImportError(_("Die Datei enthält keine Ebene mit Objekten."))
    return names[0]


def _column_values(values: np.ndarray, ogr_type: str, ogr_subtype: str) -> list:
    """JSON-ready values of one column: ints stay ints (GDAL reads nullable ints as floats), NaN becomes null."""
    out = []
    for v in values.tolist():
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif ogr_subtype == "OFSTBoolean":
            out.append(bool(v))
        elif ogr_type in {"OFTInteger", "OFTInteger64"}:
            out.append(int(v))
        elif isinstance(v, bytes):
            out.append(None)  # binary fields have no meaning on a map
        else:
            out.append(v)
    return out


def read_source(path: Path, *, source_layer: str | None = None, assume_crs: str = "EPSG:4326") -> SourceData:
    """Read one layer of the dataset at `path`; 3D is dropped here, reprojection and repair happen in PostGIS."""
    layer = _choose_layer(path, source_layer)
    try:
        with gdal_without_network():
            return _read(path, layer, assume_crs)
    except (DataSourceError, DataLayerError) as exc:
        raise _unreadable(exc) from exc


def _read(path: Path, layer: str, assume_crs: str) -> SourceData:
    max_features = settings.LAYERS_IMPORT_MAX_FEATURES
    info = pyogrio.read_info(path, layer=layer, **_options(path))
    expected = DRIVERS[path.suffix.lower()]
    if info["driver"] not in ({expected} if isinstance(expected, str) else expected):
        raise LayerImportError(_("Der Inhalt der Datei passt nicht zu ihrer Endung „%s“.") % path.suffix)
    if info["features"] > max_features:
        raise LayerImportError(
            _("Die Ebene hat %(n)d Objekte; erlaubt sind höchstens %(max)d.")
            % {"n": info["features"], "max": max_features}
        )
    # Some drivers cannot count in advance (-1): read one feature more than allowed, then check.
    meta, _fids, geometries, columns = raw.read(
        path, layer=layer, force_2d=True, datetime_as_string=True, encoding=None, max_features=max_features + 1,
        **_options(path),
    )  # fmt: skip
    if geometries is None or meta.get("geometry_type") in (None, "None"):
        raise LayerImportError(
            _(
                "Die Datei enthält keine Geometrien. "
                "Eine CSV-Datei braucht eine Spalte „WKT“ oder die Spalten „lon“ und „lat“."
            )
        )
    if len(geometries) > max_features:
        raise LayerImportError(_("Die Ebene hat mehr als %(max)d Objekte.") % {"max": max_features})
    crs = meta.get("crs") or assume_crs
    if UNSAFE_CRS.search(crs):
        raise LayerImportError(_("Das Koordinatensystem der Datei verweist auf externe Dateien und wird abgelehnt."))
    names = [str(n) for n in meta["fields"]]
    column_values = [
        _column_values(col, t, s) for col, t, s in zip(columns, meta["ogr_types"], meta["ogr_subtypes"], strict=True)
    ]
    attributes = [dict(zip(names, row, strict=True)) for row in zip(*column_values, strict=True)] if names else []
    if not names:
        attributes = [{} for _ in range(len(geometries))]
    return SourceData(
        layer_name=layer,
        crs=crs,
        wkb=list(geometries),
        attributes=attributes,
        geometry_type=str(meta.get("geometry_type")),
    )
