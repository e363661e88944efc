"""Importing an XPlanGML plan as a new plan version: Geltungsbereich, layers per class and geometry type.

All or nothing: the file is read in memory (bounded), the geometries are staged in a temporary table,
reprojected, linearised (already by GDAL), checked and repaired in PostGIS, and only then written as layers
of the project, inside one transaction.
"""

import json
import re

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bauleitplanung.models import PlanDocument, PlanVersion, Procedure
from bauleitplanung.xplan import codelists
from bauleitplanung.xplan.parse import ParsedPlan, XPlanError, read_plan
from edge.permissions import require
from layers.models import Layer, Project
from layers.services import layer_create, project_update, validate_pdf

MAX_BYTES = 50 * 1024 * 1024
MAX_FEATURES = 20_000
# A plan of Kaiserslautern lies within a few km of the city centre (same idea as the layer import).
KL_CENTRE = (7.7689, 49.4435)
FAR_AWAY_M = 50_000
DIMENSION_NAMES = {0: "Punkte", 1: "Linien", 2: "Flächen"}
STYLES = (  # (part of the class name, stroke, fill)
    ("Baugebiet", "#b03a2e", "#e6a09a"), ("BebauungsFlaeche", "#b03a2e", "#e6a09a"),
    ("Ueberbaubare", "#5b2c6f", "#d2b4de"), ("Gruen", "#1e8449", "#82e0aa"), ("Wald", "#145a32", "#52be80"),
    ("Landwirtschaft", "#7d6608", "#f7dc6f"), ("Verkehr", "#566573", "#d5d8dc"), ("Strasse", "#566573", "#d5d8dc"),
    ("Gemeinbedarf", "#6c3483", "#bb8fce"), ("Gewaesser", "#1f618d", "#85c1e9"), ("Baum", "#196f3d", "#58d68d"),
    ("Anpflanzung", "#196f3d", "#58d68d"),
)  # fmt: skip


def read_upload(upload) -> bytes:
    """The file's bytes, refused when larger than MAX_BYTES (read one byte more to know)."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise XPlanError(_("Die Datei ist zu groß (höchstens %(n)d MB).") % {"n": MAX_BYTES // (1024 * 1024)})
    return data


def _style(feature_class: str) -> dict:
    for part, stroke, fill in STYLES:
        if part in feature_class:
            return {"stroke_color": stroke, "fill_color": fill}
    return {}


def _stage(cursor, plan: ParsedPlan) -> None:
    cursor.execute(
        "CREATE TEMP TABLE xplan_stage (n int, gml_id text, cls text, srid int, raw geometry, attrs jsonb,"
        " geom geometry(Geometry, 4326), dim int) ON COMMIT DROP"
    )
    rows = [plan.area, *plan.features]
    cursor.execute(
        """
        INSERT INTO xplan_stage (n, gml_id, cls, srid, raw, attrs)
        SELECT n - 1, gml_id, cls, srid, ST_Force2D(ST_GeomFromWKB(wkb)), attrs::jsonb
        FROM unnest(%s::text[], %s::text[], %s::int[], %s::bytea[], %s::text[])
             WITH ORDINALITY AS s(gml_id, cls, srid, wkb, attrs, n)
        """,
        [[r.gml_id for r in rows], [r.feature_class for r in rows], [r.srid for r in rows],
         [r.wkb for r in rows], [json.dumps(r.attributes) for r in rows]],
    )  # fmt: skip
    cursor.execute("UPDATE xplan_stage SET geom = ST_Transform(ST_SetSRID(raw, srid), 4326), dim = ST_Dimension(raw)")


def _ids(cursor, sql: str) -> list[str]:
    cursor.execute(sql)
    return [row[0] for row in cursor.fetchall()]


def _check_and_repair(cursor) -> dict:
    """Wrong ring orientation and invalid geometry are repaired and reported; unrepairable ones refused."""
    cursor.execute(
        "SELECT gml_id FROM xplan_stage WHERE NOT ST_DWithin(geom::geography,"
        " ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s) ORDER BY n",
        [*KL_CENTRE, FAR_AWAY_M],
    )
    far = [row[0] for row in cursor.fetchall()]
    if far:
        raise XPlanError(
            _(
                "Objekt %(id)s liegt mehr als %(km)d km von Kaiserslautern entfernt (insgesamt %(n)d Objekte). "
                "Stimmt das Koordinatensystem (srsName)?"
            )
            % {"id": far[0], "km": FAR_AWAY_M // 1000, "n": len(far)}
        )
    invalid = _ids(cursor, "SELECT gml_id FROM xplan_stage WHERE NOT ST_IsValid(geom) ORDER BY n")
    if invalid:
        # Keep only parts of the original dimension: a bow-tie polygon stays an area, never a line.
        cursor.execute(
            "UPDATE xplan_stage SET geom = ST_CollectionExtract(ST_MakeValid(geom), dim + 1) WHERE NOT ST_IsValid(geom)"
        )
        broken = _ids(cursor, "SELECT gml_id FROM xplan_stage WHERE ST_IsEmpty(geom) OR NOT ST_IsValid(geom)")
        if broken:
            raise XPlanError(
                _("Die Geometrie von Objekt %(id)s ist fehlerhaft und nicht reparierbar; es wurde nichts importiert.")
                % {"id": broken[0]}
            )
    # GML wants exterior rings counter-clockwise (as GeoJSON does); clockwise ones are turned round.
    reoriented = _ids(cursor, "SELECT gml_id FROM xplan_stage WHERE dim = 2 AND NOT ST_IsPolygonCCW(geom) ORDER BY n")
    if reoriented:
        cursor.execute("UPDATE xplan_stage SET geom = ST_ForcePolygonCCW(geom) WHERE dim = 2")
    return {"repaired": invalid, "reoriented": reoriented}


def _write_layers(cursor, *, project: Project, plan: ParsedPlan, version_number: int) -> list[Layer]:
    cursor.execute("SELECT cls, dim, count(*) FROM xplan_stage WHERE n > 0 GROUP BY cls, dim ORDER BY min(n)")
    groups = cursor.fetchall()
    classes_with_types: dict[str, int] = {}
    for cls, _dim, _count in groups:
        classes_with_types[cls] = classes_with_types.get(cls, 0) + 1
    layers = []
    for order, (cls, dim, count) in enumerate(groups):
        name = codelists.class_title(cls)
        if classes_with_types[cls] > 1:
            name = f"{name} ({_(DIMENSION_NAMES.get(dim, str(dim)))})"
        layer = layer_create(project=project, name=f"{name} – {_('Fassung')} {version_number}"[:200],
                             order=min(order + 1, 32767), **_style(cls))  # fmt: skip
        layer.description = f"{cls} ({plan.plan_class}, XPlanung {plan.version})"
        layer.source_name = cls
        cursor.execute(
            "INSERT INTO layers_feature (layer_id, geom, attributes)"
            " SELECT %s, geom, attrs || jsonb_build_object('gml_id', gml_id, 'klasse', cls)"
            " FROM xplan_stage WHERE n > 0 AND cls = %s AND dim = %s ORDER BY n",
            [layer.pk, cls, dim],
        )
        layer.feature_count = count
        layer.save(update_fields=["description", "source_name", "feature_count"])
        layers.append(layer)
    return layers


def _fingerprints(cursor) -> dict:
    # Coordinates snapped to about 1 cm so a re-export of the same plan does not count as a change.
    cursor.execute(
        "SELECT gml_id, cls, md5(ST_AsBinary(ST_SnapToGrid(geom, 1e-7)) || convert_to(attrs::text, 'UTF8'))"
        " FROM xplan_stage WHERE n > 0"
    )
    return {gml_id: [cls, digest] for gml_id, cls, digest in cursor.fetchall()}


@transaction.atomic
def plan_import(*, project: Project, data: bytes, filename: str, actor) -> PlanVersion:
    """The plan in `data` (an XPlanGML file) as the project's next plan version; raises XPlanError.

    `actor` None is the management command: access to the server's shell is the permission there.
    """
    if actor is not None:
        require(actor, "bauleitplanung.import_plan", project)
    if len(data) > MAX_BYTES:
        raise XPlanError(_("Die Datei ist zu groß (höchstens %(n)d MB).") % {"n": MAX_BYTES // (1024 * 1024)})
    plan = read_plan(data)
    if not plan.features:
        raise XPlanError(_("Der Plan enthält keine Planinhalte mit Geometrie."))
    if len(plan.features) > MAX_FEATURES:
        raise XPlanError(_("Der Plan hat mehr als %(n)d Objekte.") % {"n": MAX_FEATURES})
    kind = Procedure.PlanKind.FPLAN if plan.plan_class == "FP_Plan" else Procedure.PlanKind.BPLAN
    procedure, _created = Procedure.objects.select_for_update().get_or_create(
        project=project, defaults={"plan_kind": kind}
    )
    number = (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    with connection.cursor() as cursor:
        try:
            _stage(cursor, plan)
        except DatabaseError as exc:  # PostGIS refuses what GDAL and GEOS read (e.g. a coordinate of 1e300)
            raise XPlanError(
                _("Die Geometrien des Plans konnten nicht verarbeitet werden: %s") % str(exc)[:200]
            ) from exc
        report = _check_and_repair(cursor)
        cursor.execute("SELECT ST_AsEWKB(ST_Multi(geom)) FROM xplan_stage WHERE n = 0 AND dim = 2")
        row = cursor.fetchone()
        if row is None:
            raise XPlanError(_("Der Geltungsbereich des Plans %(id)s ist keine Fläche.") % {"id": plan.gml_id})
        area = GEOSGeometry(memoryview(row[0]))
        # Earlier versions stay for the record (statements refer to their features) but leave the map.
        Layer.objects.filter(plan_versions__procedure=procedure).update(visible_by_default=False)
        layers = _write_layers(cursor, project=project, plan=plan, version_number=number)
        fingerprints = _fingerprints(cursor)
        cursor.execute("DROP TABLE xplan_stage")
    project_update(project=project, data={"area": area})
    report.update(skipped=plan.skipped, features=len(plan.features), layers=len(layers))
    version = PlanVersion.objects.create(
        procedure=procedure, number=number, name=plan.name[:300], xplan_class=plan.plan_class,
        xplan_version=plan.version, attributes=plan.attributes, source_name=filename[:255],
        fingerprints=fingerprints, report=report, created_by=actor,
    )  # fmt: skip
    version.layers.set(layers)
    return version


@transaction.atomic
def document_add(*, version: PlanVersion, actor, kind: str, title: str, file) -> PlanDocument:
    """A PDF of a plan version (checked like the project documents: name, %PDF- signature, size)."""
    require(actor, "bauleitplanung.run_procedure", version.procedure)
    validate_pdf(file)
    title = (title or "").strip()[:200]
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    if kind not in PlanDocument.Kind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie die Art des Dokuments.")})
    file.seek(0)
    head = file.read(MAX_BYTES)
    file.seek(0)
    # The page count, for checking page references of statements ("/Type /Page" objects, not "/Pages").
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", head)) or None
    document = PlanDocument(version=version, kind=kind, title=title, file=file, pages=pages)
    document.full_clean()
    document.save()
    return document
