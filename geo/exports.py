"""GIS exports with GDAL's ogr2ogr reading straight from PostGIS: rows never pass through Python.

ogr2ogr writes into a temporary directory (GeoPackage needs random access); the caller streams the file.
"""

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edge.tables import csv_lines
from geo.datasets import KINDS, Dataset, quote_name
from geo.spatial import UTM32, WGS84
from geo.text import transliterate


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    driver: str
    extension: str
    media_type: str
    layer_options: tuple[str, ...] = ()
    fixed_srid: int | None = None  # KML is WGS84 by definition


FORMATS = {
    f.key: f
    for f in [
        # The GeoPackage standard stores date-times in UTC.
        ExportFormat("gpkg", "GeoPackage", "GPKG", "gpkg", "application/geopackage+sqlite3", ("DATETIME_FORMAT=UTC",)),
        ExportFormat("shp", "Shapefile (zip)", "ESRI Shapefile", "zip", "application/zip", ("ENCODING=UTF-8",)),
        ExportFormat("geojson", "GeoJSON", "GeoJSON", "geojson", "application/geo+json", ("WRITE_NAME=NO",)),
        ExportFormat("fgb", "FlatGeobuf", "FlatGeobuf", "fgb", "application/octet-stream"),
        ExportFormat("kml", "KML", "KML", "kml", "application/vnd.google-earth.kml+xml", fixed_srid=WGS84),
        # Semicolons and a byte order mark: German Excel opens it with umlauts and columns intact.
        # Only text is quoted (and only where needed), so that GIS and spreadsheets read numbers as numbers.
        ExportFormat(
            "csv", "CSV (WKT, x/y, lon/lat)", "CSV", "csv", "text/csv; charset=utf-8",
            ("GEOMETRY=AS_WKT", "SEPARATOR=SEMICOLON", "WRITE_BOM=YES", "STRING_QUOTING=IF_NEEDED"),
        ),
    ]
}  # fmt: skip
SRIDS = {WGS84: "EPSG:4326 (WGS 84)", UTM32: "EPSG:25832 (ETRS89 / UTM 32N)"}


class ExportError(ValueError):
    pass


def export_filename(dataset: Dataset, fmt: ExportFormat, srid: int, today: date) -> str:
    return f"klmitwirkung_{dataset.name}_{today.isoformat()}_epsg{srid}.{fmt.extension}"


def shapefile_field_names(names: list[str], chosen: dict[str, str] | None = None) -> dict[str, str]:
    """Output name -> a unique dBASE-safe name (ASCII, at most 10 characters): the dataset's chosen short
    name where it has one, else the name cut to 10 characters."""
    safe: dict[str, str] = {}
    for name in names:
        short = (chosen or {}).get(name, name)
        ascii_name = unicodedata.normalize("NFKD", transliterate(short)).encode("ascii", "ignore").decode()
        base = re.sub(r"[^A-Za-z0-9_]", "_", ascii_name)[:10] or "feld"
        candidate, n = base, 1
        while candidate.lower() in {v.lower() for v in safe.values()}:
            suffix = str(n)
            candidate, n = base[: 10 - len(suffix)] + suffix, n + 1
        safe[name] = candidate
    return safe


def _pg_environment() -> dict[str, str]:
    """libpq settings for ogr2ogr: in the environment, so the password is neither in `ps` nor quoted by hand."""
    s = connection.settings_dict
    parts = {
        "PGDATABASE": s["NAME"],
        "PGHOST": s["HOST"],
        "PGPORT": s["PORT"],
        "PGUSER": s["USER"],
        "PGPASSWORD": s["PASSWORD"],
    }
    return {**os.environ, **{key: str(value) for key, value in parts.items() if value}}


def _literal_sql(sql: str, params: tuple) -> str:
    """ogr2ogr takes one SQL string: psycopg binds the parameters as literals (never by hand)."""
    connection.ensure_connection()
    return psycopg.ClientCursor(connection.connection).mogrify(sql, tuple(params))


def export_dataset(
    *, dataset: Dataset, queryset: QuerySet, fmt: ExportFormat, srid: int, directory: Path, today: date,
    progress: bool = False,
) -> Path:  # fmt: skip
    """Write `queryset` of `dataset` in `fmt` and `srid` into `directory`; return the file's path."""
    if fmt.fixed_srid and srid != fmt.fixed_srid:
        raise ExportError(_("%(format)s gibt es nur in EPSG:%(srid)s.") % {"format": fmt.label, "srid": fmt.fixed_srid})
    if srid not in SRIDS:
        raise ExportError(_("Unterstützte Koordinatensysteme: EPSG:4326 und EPSG:25832."))

    names = list(dataset.fields)
    renamed = shapefile_field_names(names, dataset.shapefile_names) if fmt.key == "shp" else {n: n for n in names}
    sql, params = dataset.select_sql(queryset)
    columns = ", ".join(f"d.{quote_name(n)} AS {quote_name(renamed[n])}" for n in names)
    extra = ""
    if fmt.key == "csv":  # WKT and x/y in the chosen CRS, lon/lat in WGS84, of a point on the feature
        point, local = "ST_PointOnSurface(d.geom)", f"ST_Transform(ST_PointOnSurface(d.geom), {srid})"
        extra = (
            f", ST_X({local}) AS x_epsg{srid}, ST_Y({local}) AS y_epsg{srid}"
            f", ST_X({point}) AS lon_wgs84, ST_Y({point}) AS lat_wgs84"
        )
    # The id becomes the feature id (GeoPackage fid, FlatGeobuf/GeoJSON id), as in the live services.
    statement = _literal_sql(f"SELECT d.id, {columns}{extra}, d.geom FROM ({sql}) d", params)  # noqa: S608 (identifiers)

    filename = export_filename(dataset, fmt, srid, today)
    if fmt.key == "csv":  # through the guarded writer (edge.tables): titles must not become formulas
        extras = [f"x_epsg{srid}", f"y_epsg{srid}", "lon_wgs84", "lat_wgs84"]
        return _write_csv(directory / filename, statement, srid, ["id", *names, *extras])
    if fmt.key not in ("shp", "gpkg"):
        target = directory / filename
        _ogr2ogr(fmt, target, statement, dataset, srid, progress, names, metadata(dataset))
        return target
    # A GeoPackage table and a Shapefile hold one geometry type each: one per kind of geometry there is,
    # named like the live layers (vorhaben-punkte, …).
    layers = dataset.layers()
    if dataset.mixed:
        present = _geometry_dimensions(statement) or [2]
        layers = [layer for layer in layers if layer.kind and KINDS[layer.kind][0] in present]
    target = directory / (Path(filename).stem if fmt.key == "shp" else filename)
    for layer in layers:
        only = statement
        if layer.kind:
            only = f"SELECT * FROM ({statement}) k WHERE ST_Dimension(k.geom) = {KINDS[layer.kind][0]}"  # noqa: S608
        _ogr2ogr(fmt, target, only, layer, srid, progress, names, metadata(dataset))
    if fmt.key == "gpkg":
        return target
    return _zip_shapefile(target, directory / filename, dataset, layers, renamed)


CSV_BATCH = 2000


def _write_csv(target: Path, statement: str, srid: int, columns: list[str]) -> Path:
    """WKT in `srid`, then `columns` of `statement`; date-times in the city's time zone (as ogr2ogr's PGTZ)."""
    selected = ", ".join(f"c.{quote_name(n)}" for n in columns)
    query = f"SELECT ST_AsText(ST_Transform(c.geom, {int(srid)})), {selected} FROM ({statement}) c"  # noqa: S608
    with connection.cursor() as cursor, target.open("w", encoding="utf-8", newline="") as out:
        cursor.execute(query)
        batches = iter(lambda: cursor.fetchmany(CSV_BATCH), [])
        rows = ([_local(v) for v in row] for batch in batches for row in batch)
        out.writelines(csv_lines(["WKT", *columns], rows))
    return target


def _local(value):
    return timezone.localtime(value) if isinstance(value, datetime) and timezone.is_aware(value) else value


def _geometry_dimensions(statement: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT ST_Dimension(s.geom) FROM ({statement}) s ORDER BY 1")  # noqa: S608
        return [row[0] for row in cursor.fetchall() if row[0] is not None]


def _ogr2ogr(
    fmt: ExportFormat, target: Path, statement: str, layer: Dataset, srid: int, progress: bool, names, about: dict
) -> None:
    """Write one layer; `about` (title, licence, …) goes into the file's metadata when the file is created."""
    command = [
        "ogr2ogr", "-f", fmt.driver, str(target), "PG:", "-sql", statement,
        "-nln", layer.name, "-s_srs", f"EPSG:{WGS84}", "-t_srs", f"EPSG:{srid}",
    ]  # fmt: skip
    if target.exists():  # the next table of a GeoPackage, the next Shapefile of the folder
        command.append("-update")
    else:  # GeoPackage: gpkg_metadata; other formats where GDAL can
        for key, value in about.items():
            command += ["-mo", f"{key}={value}"]
    if layer.geometry_type and fmt.key in ("gpkg", "shp", "fgb"):  # typed geometry column, not "GEOMETRY"
        command += ["-nlt", layer.geometry_type.upper()]
    elif fmt.key == "shp":
        command += ["-nlt", "PROMOTE_TO_MULTI"]
    if fmt.key in ("gpkg", "fgb", "geojson"):
        command += ["-lco", "FID=id"] if fmt.key == "gpkg" else ["-preserve_fid"]
    if fmt.key == "gpkg":
        command += ["-lco", f"IDENTIFIER={layer.title}", "-lco", f"DESCRIPTION={layer.description}"]
    if fmt.key == "kml" and names:  # the placemark's name: the first attribute (a title or name)
        command += ["-dsco", f"NameField={names[0]}"]
    for option in fmt.layer_options:
        command += ["-lco", option]
    if progress:
        command.append("-progress")
    # PGTZ: date-times leave PostgreSQL in the city's time zone, so a Shapefile's date is the local day.
    env = {**_pg_environment(), "PGTZ": settings.TIME_ZONE}
    result = subprocess.run(command, env=env, capture_output=not progress, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"ogr2ogr failed: {result.stderr}")


def metadata(dataset: Dataset) -> dict[str, str]:
    """Title, abstract, licence and attribution of a dataset, as the files carry them."""
    return {
        "TITLE": dataset.title,
        "DESCRIPTION": dataset.description,
        "LICENSE": f"{settings.GIS_LICENSE_TITLE} ({settings.GIS_LICENSE_URL})",
        "ATTRIBUTION": settings.GIS_ATTRIBUTION,
    }


def _zip_shapefile(folder: Path, zip_path: Path, dataset: Dataset, layers: list[Dataset], renamed: dict) -> Path:
    about = metadata(dataset)
    readme = [
        f"{dataset.title} — KLmitWirkung Kaiserslautern",
        "",
        dataset.description,
        "",
        f"Lizenz / licence: {about['LICENSE']}",
        f"Namensnennung / attribution: {about['ATTRIBUTION']}",
        "",
        "Dateien / files: " + ", ".join(f"{layer.name}.shp" for layer in layers),
        "",
        "Shapefile-Feldnamen haben höchstens 10 Zeichen. Zuordnung / field names:",
        *(f"  {short:<10} = {full}" for full, short in renamed.items()),
        "",
        "Datum: der Tag in Europe/Berlin (Shapefiles kennen keine Uhrzeit); GeoPackage enthält auch die Uhrzeit.",
        "Zeichenkodierung / encoding: UTF-8 (.cpg)",
        "Texte über 254 Zeichen sind im Shapefile gekürzt; GeoPackage enthält sie vollständig.",
    ]
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, part.name)
        archive.writestr("LIESMICH.txt", "\n".join(readme) + "\n")
    shutil.rmtree(folder)
    return zip_path


def open_export(path: Path):
    """Open the export for streaming and remove it from disk at once (the open handle keeps it readable)."""
    handle = open(path, "rb")  # noqa: SIM115  (closed by the response)
    shutil.rmtree(path.parent, ignore_errors=True)
    return handle


def new_export_directory() -> Path:
    return Path(tempfile.mkdtemp(prefix="klmw-export-"))
