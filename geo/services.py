"""Writes of the spatial base: loading the districts and the gazetteer."""

import csv
import json
from dataclasses import dataclass
from functools import reduce
from pathlib import Path

from django.conf import settings
from django.contrib.gis.gdal import DataSource, GDALException, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, LineString, MultiLineString, MultiPolygon, Point, Polygon
from django.core.cache import cache
from django.db import transaction

from geo.districting import assign_districts
from geo.models import CityBoundary, Ortsbezirk, Place, Stadtteil
from geo.selectors import GAZETTEER_VERSION_KEY, STREETS_CACHE_KEY
from geo.spatial import UTM32, WGS84
from geo.text import german_slug, normalize

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
STADTTEILE_FILE = FIXTURES / "kaiserslautern" / "kl_stadtteile_18.geojson"
POPULATION_FILE = FIXTURES / "kaiserslautern" / "kl_stadtteile_einwohner.csv"
GAZETTEER_DIR = FIXTURES / "osm2013"

STADTTEIL_NUMBERS = set(range(1, 19))
INNENSTADT_NUMBERS = set(range(1, 10))
# Generous box around Kaiserslautern: a file whose CRS is missing or wrong lands far outside it.
REGION_EXTENT = (7.4, 49.2, 8.1, 49.7)

# Field names of our fixture and of the city's own open-data files (older and 2026 versions).
NUMBER_FIELDS = ("stadtteil_nr", "Nummer", "nummer", "NR", "nr")
NAME_FIELDS = ("name", "Name", "Bezirk", "bezirk", "PGIS_TXT")
LONG_NAME_FIELDS = ("name_lang", *NAME_FIELDS)


class DistrictFileError(ValueError):
    """A district file that cannot be loaded; the message names the feature."""


@dataclass
class _StadtteilRecord:
    number: int
    name: str
    long_name: str
    slug: str
    ortsbezirk: str
    geom: MultiPolygon
    label_point: Point


def _field(feature, names: tuple[str, ...]):
    for name in names:
        if name in feature.fields:
            value = feature.get(name)
            if value not in (None, ""):
                return value
    return None


def _read_stadtteile(path: Path) -> list[_StadtteilRecord]:
    try:
        layer = DataSource(str(path))[0]
    except (GDALException, IndexError) as exc:
        raise DistrictFileError(f"{path}: keine lesbare Geodatei ({exc}).") from exc
    records = []
    for index, feature in enumerate(layer, start=1):
        name = _field(feature, NAME_FIELDS)
        number = _field(feature, NUMBER_FIELDS)
        where = f"Objekt {index}" + (f" ({name})" if name else "")
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise DistrictFileError(f"{where}: keine Stadtteilnummer (Felder {', '.join(NUMBER_FIELDS)}).") from None
        if not name:
            raise DistrictFileError(f"{where}: kein Name (Felder {', '.join(NAME_FIELDS)}).")
        ogr = feature.geom
        if ogr.srs is None:
            ogr.srs = SpatialReference(WGS84)  # RFC 7946 GeoJSON carries no CRS: it is WGS84
        ogr.set_3d(False)
        ogr.transform(WGS84)
        geom = ogr.geos
        if not isinstance(geom, Polygon | MultiPolygon):
            raise DistrictFileError(f"{where}: Fläche erwartet, nicht {geom.geom_type}.")
        if not geom.valid:
            raise DistrictFileError(f"{where}: ungültige Geometrie: {geom.valid_reason}.")
        xmin, ymin, xmax, ymax = geom.extent
        rxmin, rymin, rxmax, rymax = REGION_EXTENT
        if xmin < rxmin or ymin < rymin or xmax > rxmax or ymax > rymax:
            raise DistrictFileError(f"{where}: liegt nicht bei Kaiserslautern. Stimmt das Koordinatensystem?")
        if isinstance(geom, Polygon):
            geom = MultiPolygon(geom, srid=WGS84)
        label_lon, label_lat = _field(feature, ("label_lon",)), _field(feature, ("label_lat",))
        label = Point(label_lon, label_lat, srid=WGS84) if label_lon and label_lat else geom.point_on_surface
        records.append(
            _StadtteilRecord(
                number=number,
                name=name,
                long_name=_field(feature, LONG_NAME_FIELDS),
                slug=_field(feature, ("slug",)) or german_slug(name),
                ortsbezirk=_field(feature, ("ortsbezirk",)) or ("Innenstadt" if number in INNENSTADT_NUMBERS else name),
                geom=geom,
                label_point=label,
            )
        )
    numbers = sorted(r.number for r in records)
    if numbers != sorted(STADTTEIL_NUMBERS):
        raise DistrictFileError(f"Erwartet werden die Stadtteile 1–18 je einmal, die Datei hat {numbers}.")
    return records


def _read_population(path: Path | None) -> dict[int, int]:
    if path is None:
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {int(row["stadtteil_nr"]): int(row["einwohner"]) for row in csv.DictReader(f)}


def _area_m2(geom: GEOSGeometry) -> float:
    return geom.transform(UTM32, clone=True).area


def _union(geoms: list[GEOSGeometry]) -> MultiPolygon:
    union = reduce(lambda a, b: a.union(b), geoms)
    return union if isinstance(union, MultiPolygon) else MultiPolygon(union, srid=WGS84)


@transaction.atomic
def districts_load(*, stadtteile_path: Path = STADTTEILE_FILE, population_path: Path | None = POPULATION_FILE) -> int:
    """Create or update the 18 Stadtteile, the 10 Ortsbezirke and the city boundary.

    Stadtteile are matched by their official number, so rows that other data points at keep their id.
    Returns the number of Stadtteile loaded.
    """
    records = _read_stadtteile(stadtteile_path)
    population = _read_population(population_path)

    ortsbezirke = {}
    for name in sorted({r.ortsbezirk for r in records}):
        members = [r for r in records if r.ortsbezirk == name]
        geom = _union([r.geom for r in members])
        ortsbezirke[name], _ = Ortsbezirk.objects.update_or_create(
            slug=german_slug(name),
            defaults={
                "name": name,
                "has_ortsbeirat": not {r.number for r in members} <= INNENSTADT_NUMBERS,
                "geom": geom,
                "area_m2": _area_m2(geom),
            },
        )
    for r in records:
        Stadtteil.objects.update_or_create(
            number=r.number,
            defaults={
                "name": r.name,
                "long_name": r.long_name,
                "slug": r.slug,
                "ortsbezirk": ortsbezirke[r.ortsbezirk],
                "population": population.get(r.number),
                "geom": r.geom,
                "label_point": r.label_point,
                "area_m2": _area_m2(r.geom),
            },
        )
    Ortsbezirk.objects.exclude(pk__in=[o.pk for o in ortsbezirke.values()]).delete()

    city = _union([r.geom for r in records])
    CityBoundary.objects.all().delete()
    CityBoundary.objects.create(geom=city, area_m2=_area_m2(city))
    return len(records)


def _features(name: str) -> list[dict]:
    with open(GAZETTEER_DIR / f"{name}.geojson", encoding="utf-8") as f:
        return json.load(f)["features"]


def _streets() -> list[Place]:
    lines: dict[str, list[LineString]] = {}
    for feature in _features("osm2013_strassen"):
        lines.setdefault(feature["properties"]["name"], []).append(LineString(feature["geometry"]["coordinates"]))
    places = []
    for name, parts in lines.items():
        line = MultiLineString(*parts, srid=WGS84)
        places.append(
            Place(
                kind=Place.Kind.STREET,
                name=name,
                label=f"{name}, Kaiserslautern",
                search_text=normalize(name),
                location=line.point_on_surface,
                line=line,
            )
        )
    return places


def _addresses() -> list[Place]:
    places, seen = [], set()
    for feature in _features("osm2013_adressen"):
        p = feature["properties"]
        # Many addresses are mapped twice, on an entrance node and on the building.
        if not p["strasse"] or (p["strasse"], p["hausnummer"]) in seen:
            continue
        seen.add((p["strasse"], p["hausnummer"]))
        street = f"{p['strasse']} {p['hausnummer']}"
        lon, lat = feature["geometry"]["coordinates"]
        town = " ".join(filter(None, [p["plz"], "Kaiserslautern"]))
        places.append(
            Place(
                kind=Place.Kind.ADDRESS,
                name=p["strasse"],
                housenumber=p["hausnummer"],
                postcode=p["plz"] or "",
                label=f"{street}, {town}",
                search_text=normalize(street),
                location=Point(lon, lat, srid=WGS84),
                osm_id=p["osm_id"],
            )
        )
    return places


def _pois() -> list[Place]:
    places, seen = [], set()
    for feature in _features("osm2013_pois"):
        p = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        key = (p["name"], p["typ"], round(lon, 2), round(lat, 2))  # a stop is mapped once per platform
        if key in seen:
            continue
        seen.add(key)
        address = " ".join(filter(None, [p["strasse"], p["hausnummer"]]))
        places.append(
            Place(
                kind=Place.Kind.PLACE,
                name=p["name"],
                category=p["typ"] or p["kategorie"] or "",
                label=", ".join(filter(None, [p["name"], address, "Kaiserslautern"])),
                search_text=normalize(p["name"]),
                location=Point(lon, lat, srid=WGS84),
                osm_id=p["osm_id"],
            )
        )
    return places


@transaction.atomic
def gazetteer_load() -> int:
    """Replace the gazetteer with the OpenStreetMap 2013 extract; needs the districts loaded first."""
    Place.objects.all().delete()
    places = _pois() + _streets() + _addresses()
    Place.objects.bulk_create(places, batch_size=2000)
    # The Stadtteil comes from our polygons, not from the file: one spatial join in the database.
    assign_districts(table="geo_place", geom="location")
    transaction.on_commit(lambda: cache.delete_many([STREETS_CACHE_KEY, GAZETTEER_VERSION_KEY]))
    return len(places)
