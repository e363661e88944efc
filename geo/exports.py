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
from datetime import date
from pathlib import Path

import psycopg
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from geo.datasets import Dataset, quote_name
from geo.spatial import UTM32, WGS84
from geo.tables import csv_lines
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
        ExportFormat("gpkg", "GeoPackage", "GPKG", "gpkg", "application/geopackage+sqlite3"),
        ExportFormat("shp", "Shapefile (zip)", "ESRI Shapefile", "zip", "application/zip", ("ENCODING=UTF-8",)),
        ExportFormat("geojson", "GeoJSON", "GeoJSON", "geojson", "application/geo+json", ("WRITE_NAME=NO",)),
        ExportFormat("fgb", "FlatGeobuf", "FlatGeobuf", "fgb", "application/octet-stream"),
        ExportFormat("kml", "KML", "KML", "kml", "application/vnd.google-earth.kml+xml", fixed_srid=WGS84),
        # Semicolons and a byte order mark: German Excel opens it with umlauts and columns intact.
        ExportFormat(
            "csv", "CSV (WKT, lon/lat)", "CSV", "csv", "text/csv; charset=utf-8",
            ("GEOMETRY=AS_WKT", "SEPARATOR=SEMICOLON", "WRITE_BOM=YES"),
        ),
    ]
}  # fmt: skip
SRIDS = {WGS84: "EPSG:4326 (WGS 84)", UTM32: "EPSG:25832 (ETRS89 / UTM 32N)"}


class ExportError(ValueError):
    pass


def export_filename(dataset: Dataset, fmt: ExportFormat, srid: int, today: date) -> str:
    return f"klmitwirkung_{dataset.name}_{today.isoformat()}_epsg{srid}.{fmt.extension}"


def shapefile_field_names(names: list[str]) -> dict[str, str]:
    """Output name -> a unique dBASE-safe name (ASCII, at most 10 characters)."""
    safe: dict[str, str] = {}
    for name in names:
        ascii_name = unicodedata.normalize("NFKD", transliterate(name)).encode("ascii", "ignore").decode()
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
    renamed = shapefile_field_names(names) if fmt.key == "shp" else {n: n for n in names}
    sql, params = dataset.select_sql(queryset)
    columns = ", ".join(f"d.{quote_name(n)} AS {quote_name(renamed[n])}" for n in names)
    extra = ""
    if fmt.key == "csv":  # WKT in the chosen CRS plus WGS84 lon/lat of a point on the feature
        extra = ", ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat"
    statement = _literal_sql(f"SELECT d.id, {columns}{extra}, d.geom FROM ({sql}) d", params)  # noqa: S608 (identifiers)

    filename = export_filename(dataset, fmt, srid, today)
    if fmt.key == "csv":  # through the guarded writer (geo.tables): titles must not become formulas
        return _write_csv(directory / filename, statement, srid, names)
    if fmt.key != "shp":
        target = directory / filename
        _ogr2ogr(fmt, target, statement, dataset.name, srid, progress, names)
        return target
    # A Shapefile holds one kind of geometry: one file each for the points, lines and areas there are.
    folder = directory / Path(filename).stem
    kinds = _geometry_dimensions(statement) or [2]
    for dimension in kinds:
        layer = dataset.name if len(kinds) == 1 else f"{dataset.name}_{SHAPEFILE_KINDS[dimension]}"
        only = f"SELECT * FROM ({statement}) k WHERE ST_Dimension(k.geom) = {int(dimension)}"  # noqa: S608
        _ogr2ogr(fmt, folder, only, layer, srid, progress, names)
    return _zip_shapefile(folder, directory / filename, dataset, renamed)


SHAPEFILE_KINDS = {0: "punkte", 1: "linien", 2: "flaechen"}
CSV_BATCH = 2000


def _write_csv(target: Path, statement: str, srid: int, names: list[str]) -> Path:
    """WKT in `srid` first, then the attributes and WGS84 lon/lat, as the CSV of ogr2ogr had them."""
    columns = ", ".join(f"c.{quote_name(n)}" for n in ["id", *names, "lon", "lat"])
    query = f"SELECT ST_AsText(ST_Transform(c.geom, {int(srid)})), {columns} FROM ({statement}) c"  # noqa: S608
    with connection.cursor() as cursor, target.open("w", encoding="utf-8", newline="") as out:
        cursor.execute(query)
        rows = iter(lambda: cursor.fetchmany(CSV_BATCH), [])
        out.writelines(csv_lines(["WKT", "id", *names, "lon", "lat"], (row for batch in rows for row in batch)))
    return target


def _geometry_dimensions(statement: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT ST_Dimension(s.geom) FROM ({statement}) s ORDER BY 1")  # noqa: S608
        return [row[0] for row in cursor.fetchall() if row[0] is not None]


def _ogr2ogr(fmt: ExportFormat, target: Path, statement: str, layer: str, srid: int, progress: bool, names) -> None:
    command = [
        "ogr2ogr", "-f", fmt.driver, str(target), "PG:", "-sql", statement,
        "-nln", layer, "-s_srs", f"EPSG:{WGS84}", "-t_srs", f"EPSG:{srid}",
    ]  # fmt: skip
    if fmt.key == "shp":
        command += ["-nlt", "PROMOTE_TO_MULTI"]
    if fmt.key == "kml" and names:  # the placemark's name: the first attribute (a title or name)
        command += ["-dsco", f"NameField={names[0]}"]
    for option in fmt.layer_options:
        command += ["-lco", option]
    if progress:
        command.append("-progress")
    result = subprocess.run(command, env=_pg_environment(), capture_output=not progress, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"ogr2ogr failed: {result.stderr}")


def _zip_shapefile(folder: Path, zip_path: Path, dataset: Dataset, renamed: dict[str, str]) -> Path:
    readme = [
        f"{dataset.title} — KLmitWirkung Kaiserslautern",
        "",
        "Shapefile-Feldnamen sind auf 10 Zeichen begrenzt. Zuordnung / field names:",
        *(f"  {short:<10} = {full}" for full, short in renamed.items()),
        "",
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
