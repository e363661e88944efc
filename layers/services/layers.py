"""Writes for map layers: style, features from code, and the all-or-nothing import of planners' files."""

import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction
from django.utils.translation import gettext as _

from layers.fields import suggested_labels
from layers.importing import LayerImportError, read_source
from layers.importing.archive import copy_upload, remove_tree
from layers.importing.source import open_dataset
from layers.models import Layer, Project
from layers.services.common import save_fields
from layers.services.projects import project_set_area_from_layer

LAYER_FIELDS = {
    "name", "description", "order", "visible_by_default", "stroke_color", "fill_color", "stroke_width",
    "opacity", "point_symbol", "feedback_open",
}  # fmt: skip
INSERT_CHUNK = 5000
SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


@transaction.atomic
def layer_create(*, project: Project, name: str, **style: Any) -> Layer:
    return save_fields(Layer(project=project, name=name), style, LAYER_FIELDS)


@transaction.atomic
def layer_update(*, layer: Layer, data: dict[str, Any]) -> Layer:
    return save_fields(layer, data, LAYER_FIELDS)


@transaction.atomic
def layer_add_features(*, layer: Layer, geometries: list[GEOSGeometry], attributes: list[dict]) -> int:
    """Add features built in code (the demo seeder); imports go through layer_import."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO layers_feature (layer_id, geom, attributes)
            SELECT %s, ST_SetSRID(ST_GeomFromWKB(g.wkb), 4326), g.attrs::jsonb
            FROM unnest(%s::bytea[], %s::text[]) AS g(wkb, attrs)
            """,
            [layer.pk, [bytes(g.wkb) for g in geometries], [json.dumps(a) for a in attributes]],
        )
    layer.feature_count = layer.features.count()
    if not layer.field_labels and attributes:
        layer.field_labels = suggested_labels(list(attributes[0]))
    layer.save(update_fields=["feature_count", "field_labels"])
    return len(geometries)


@dataclass
class ImportResult:
    layer: Layer
    imported: int
    repaired: list[int]  # 1-based feature numbers of the file whose geometry was repaired


def _source_srid(cursor, crs: str) -> int | None:
    """PostGIS's SRID for an "EPSG:n" CRS; None means: transform from the CRS definition text."""
    if not crs.upper().startswith("EPSG:"):
        return None
    cursor.execute("SELECT srid FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND auth_srid = %s", [int(crs[5:])])
    row = cursor.fetchone()
    return row[0] if row else None


# Rows are numbered in file order so that problems can be reported by feature.
STAGE_SQL = """
INSERT INTO layers_import_stage (n, raw, attrs)
SELECT n + %s, ST_GeomFromWKB(wkb), attrs::jsonb
FROM unnest(%s::bytea[], %s::text[]) WITH ORDINALITY AS s(wkb, attrs, n)
"""


# A plan of Kaiserslautern lies within a few km of its centre; a feature 100 km away almost always has
# longitude and latitude swapped or the wrong CRS, and would zoom the project map out to Europe.
KL_CENTRE = (7.7689, 49.4435)
FAR_AWAY_KM = 100
NAME_KEYS = ("name", "Name", "NAME", "bezeichnung", "Bezeichnung", "titel", "title")


def _refuse_far_away(cursor) -> None:
    cursor.execute(
        """
        SELECT n, attrs, round(ST_Distance(ST_PointOnSurface(geom)::geography,
                                           ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) / 1000)
        FROM layers_import_stage
        WHERE NOT ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)
        ORDER BY n LIMIT 11
        """,
        [*KL_CENTRE, *KL_CENTRE, FAR_AWAY_KM * 1000],
    )
    far = cursor.fetchall()
    if not far:
        return
    n, attrs, km = far[0]
    attrs = json.loads(attrs) if isinstance(attrs, str) else attrs  # Django reads jsonb as text
    label = next((str(attrs[k]) for k in NAME_KEYS if attrs and attrs.get(k)), "")
    first = f"Nr. {n}" + (f" „{label[:80]}“" if label else "")
    raise LayerImportError(
        _(
            "Objekt %(first)s liegt %(km)s km von Kaiserslautern entfernt (insgesamt %(count)s Objekte weiter als "
            "%(limit)s km). Sind Länge und Breite vertauscht oder stimmt das Koordinatensystem nicht? Bitte "
            "korrigieren Sie die Datei; es wurde nichts importiert."
        )
        % {
            "first": first,
            "km": f"{int(km):,}".replace(",", "."),
            "count": len(far) if len(far) < 11 else "10+",
            "limit": FAR_AWAY_KM,
        }
    )


def _write_features(cursor, *, layer: Layer, data, progress: Callable[[int, int], None] | None) -> list[int]:
    total = len(data.wkb)
    cursor.execute("CREATE TEMP TABLE layers_import_stage (n int, raw geometry, attrs jsonb) ON COMMIT DROP")
    for start in range(0, total, INSERT_CHUNK):
        end = min(start + INSERT_CHUNK, total)
        cursor.execute(
            STAGE_SQL,
            [start, list(data.wkb[start:end]), [json.dumps(a) for a in data.attributes[start:end]]],
        )
        if progress:
            progress(end, total)
    cursor.execute("SELECT n FROM layers_import_stage WHERE raw IS NULL OR ST_IsEmpty(raw) ORDER BY n LIMIT 11")
    missing = [row[0] for row in cursor.fetchall()]
    if missing:
        raise LayerImportError(_("Objekte ohne Geometrie: Nr. %s") % _numbers(missing))

    srid = _source_srid(cursor, data.crs)
    source = "ST_SetSRID(raw, %s)" if srid else "ST_SetSRID(raw, 0)"
    transform = f"ST_Transform({source}, 4326)" if srid else "ST_Transform(ST_SetSRID(raw, 0), %s, 4326)"
    cursor.execute("ALTER TABLE layers_import_stage ADD COLUMN geom geometry(Geometry, 4326)")
    try:
        cursor.execute(f"UPDATE layers_import_stage SET geom = {transform}", [srid or data.crs])  # noqa: S608
    except Exception as exc:
        if srid:  # a CRS PostGIS knows: PROJ refused the coordinates, not the definition
            raise LayerImportError(
                _(
                    "Die Koordinaten passen nicht zum Koordinatensystem der Datei (%s): Sie liegen außerhalb "
                    "seines Bereichs. Stimmt die Angabe in der Datei, oder sind es Koordinaten eines anderen "
                    "Systems (z. B. Länge/Breite statt Metern)?"
                )
                % data.crs[:80]
            ) from exc
        # PROJ rejects the definition: the planner has to fix the file's CRS
        raise LayerImportError(_("Das Koordinatensystem der Datei ist unbekannt: %s") % data.crs[:80]) from exc
    cursor.execute(
        "SELECT n FROM layers_import_stage WHERE NOT ST_IsValid(geom) ORDER BY n",
    )
    repaired = [row[0] for row in cursor.fetchall()]
    if repaired:
        cursor.execute("UPDATE layers_import_stage SET geom = ST_MakeValid(geom) WHERE NOT ST_IsValid(geom)")
        cursor.execute("SELECT n FROM layers_import_stage WHERE ST_IsEmpty(geom) ORDER BY n LIMIT 11")
        broken = [row[0] for row in cursor.fetchall()]
        if broken:
            raise LayerImportError(_("Geometrien nicht reparierbar: Objekt Nr. %s") % _numbers(broken))
    cursor.execute(
        "SELECT n FROM layers_import_stage WHERE NOT geom @ ST_MakeEnvelope(-180, -90, 180, 90, 4326)"
        " ORDER BY n LIMIT 11"
    )
    outside = [row[0] for row in cursor.fetchall()]
    if outside:
        raise LayerImportError(
            _(
                "Koordinaten außerhalb des gültigen Bereichs (Objekt Nr. %s). Stimmt das Koordinatensystem? "
                "Dateien ohne Angabe (z. B. CSV, Shapefile ohne .prj) brauchen die passende Auswahl im Formular."
            )
            % _numbers(outside)
        )
    _refuse_far_away(cursor)
    cursor.execute(
        "INSERT INTO layers_feature (layer_id, geom, attributes)"
        " SELECT %s, geom, attrs FROM layers_import_stage ORDER BY n",
        [layer.pk],
    )
    cursor.execute("DROP TABLE layers_import_stage")
    return repaired


def _numbers(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (" …" if len(numbers) > 10 else "")


@transaction.atomic
def layer_import(
    *,
    project: Project,
    upload,
    filename: str,
    name: str = "",
    source_layer: str | None = None,
    assume_crs: str = "EPSG:4326",
    style: dict[str, Any] | None = None,
    use_as_area: bool = False,
    field_labels: list[list[str]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import one layer of a planner's file as a new layer of `project`: all features or none.

    `upload` is a Django UploadedFile or a binary file object; the CRS of the file wins over `assume_crs`.
    `use_as_area` makes the layer the project's area (and so its Stadtteile) in the same transaction.
    `field_labels` ([[column, label], …]) names and orders what residents see; without it, labels are
    proposed from the file's column names (layers.fields), technical columns left out.
    """
    workdir = Path(tempfile.mkdtemp(prefix="layer-import-"))
    try:
        # Only the extension of the planner's file name is used on disk: it names the format, never a path.
        suffix = Path(filename).suffix.lower()
        local = copy_upload(upload, workdir / f"upload{suffix if SAFE_SUFFIX.fullmatch(suffix) else ''}")
        dataset = open_dataset(local, workdir / "unpacked")
        data = read_source(dataset, source_layer=source_layer, assume_crs=assume_crs)
        if not data.wkb:
            raise LayerImportError(_("Die Ebene enthält keine Objekte."))
        # Single-layer formats name their layer after the file on disk; the planner's file name is better.
        default_name = Path(filename).stem if data.layer_name == local.stem else data.layer_name
        layer = layer_create(project=project, name=name or default_name, **(style or {}))
        layer.source_name = Path(filename).name[:255]
        layer.field_labels = field_labels or suggested_labels(list(data.attributes[0]) if data.attributes else [])
        with connection.cursor() as cursor:
            repaired = _write_features(cursor, layer=layer, data=data, progress=progress)
        layer.feature_count = len(data.wkb)
        layer.save(update_fields=["source_name", "feature_count", "field_labels"])
        if use_as_area:
            project_set_area_from_layer(project=project, layer=layer)
        return ImportResult(layer=layer, imported=len(data.wkb), repaired=repaired)
    finally:
        remove_tree(workdir)
