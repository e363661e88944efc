"""XPlanGML import: the demo plan (6.0), other versions and CRSs, an FP plan, broken files; all or nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from pyproj import Transformer

from bauleitplanung.models import PlanVersion
from bauleitplanung.selectors import version_changes, version_changes_geojson
from bauleitplanung.services.plans import plan_import
from bauleitplanung.xplan import samples as xf
from bauleitplanung.xplan.parse import XPlanError
from layers.models import Feature, Layer
from tests.factories import ProjectFactory

DEMO = Path(__file__).resolve().parents[2] / "bauleitplanung" / "demo" / "bplan_pfaff_nord.gml"


@pytest.fixture
def empty_project():
    return ProjectFactory(slug="pfaff-nord", area=None)


def test_demo_plan_imports(empty_project, planner):
    version = plan_import(project=empty_project, data=DEMO.read_bytes(), filename=DEMO.name, actor=planner)
    assert (version.number, version.xplan_version, version.xplan_class) == (1, "6.0", "BP_Plan")
    assert version.attributes["ags"] == "07312000"  # text: the leading zero stays
    assert version.attributes["rechtsstand_text"] == "öffentliche Auslegung"
    names = sorted(layer.name for layer in version.layers.all())
    assert names == [
        "Anpflanzung und Erhaltung – Fassung 1", "Baugebiete – Fassung 1", "Grünflächen – Fassung 1",
        "Straßenbegrenzungslinien – Fassung 1", "Verkehrsflächen besonderer Zweckbestimmung – Fassung 1",
    ]  # fmt: skip
    assert version.report["skipped"] == {"BP_Bereich": 1, "XP_PPO": 1}
    assert version.report["reoriented"] == []
    assert version.report["repaired"] == []
    wa = Feature.objects.get(attributes__gml_id="GML_wa1")
    assert wa.attributes["besondereArtDerBaulNutzung"] == "1200"
    assert wa.attributes["besondereArtDerBaulNutzung_text"] == "Allgemeines Wohngebiet (WA)"
    platz = Feature.objects.get(attributes__gml_id="GML_platz")
    assert platz.geom.geom_type == "Polygon"
    assert platz.geom.num_points > 10  # the arc became many straight segments
    empty_project.refresh_from_db()
    assert empty_project.area.geom_type == "MultiPolygon"
    assert empty_project.area.contains(wa.geom.point_on_surface)
    assert "Innenstadt West/Kotten" in {s.name for s in empty_project.stadtteile.all()}


def to_crs(points, srid):
    transformer = Transformer.from_crs(25832, srid, always_xy=True)
    return [tuple(round(c, 3) for c in transformer.transform(x, y)) for x, y in points]


def gk_features():
    wa = [(409600, 5477050), (409750, 5476995), (409790, 5477110), (409650, 5477170), (409600, 5477050)]
    return [("BP_BaugebietsTeilFlaeche", "GML_gk", xf.polygon(to_crs(wa, 31467), "GML_gk"),
             xf.props(besondereArtDerBaulNutzung="1100"))]  # fmt: skip


@pytest.mark.parametrize(
    ("version", "srs"),
    [("5.4", "urn:adv:crs:ETRS89_UTM32"), ("5.1", "urn:ogc:def:crs:EPSG::25832"), ("4.1", "EPSG:25832"),
     ("5.2", "http://www.opengis.net/def/crs/EPSG/0/25832"), ("6.0", "urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH")],
)  # fmt: skip
def test_other_versions_and_crs_names(empty_project, planner, version, srs):
    data = xf.build(xf.bplan_features(), version=version, srs=srs, area_srs=None)
    imported = plan_import(project=empty_project, data=data, filename="plan.gml", actor=planner)
    assert imported.xplan_version == version
    assert Feature.objects.filter(layer__in=imported.layers.all()).count() == 7


def test_gauss_krueger_plan_lands_in_the_same_place(empty_project, planner):
    data = xf.build(gk_features(), version="5.0", srs="EPSG:31467", area=to_crs(xf.AREA, 31467), area_srs=None)
    plan_import(project=empty_project, data=data, filename="gk.gml", actor=planner)
    feature = Feature.objects.get(attributes__gml_id="GML_gk")
    assert feature.attributes["besondereArtDerBaulNutzung_text"] == "Reines Wohngebiet (WR)"
    # The first corner, back in UTM 32, within a metre of where it was drawn.
    corner = feature.geom.transform(25832, clone=True).coords[0][0]
    assert abs(corner[0] - 409600) < 1
    assert abs(corner[1] - 5477050) < 1


def test_flaechennutzungsplan_splits_classes_by_geometry_type(empty_project, planner):
    features = [
        *xf.fplan_features(count=40, classes=4),
        ("FP_Gruen", "GML_punkt", xf.point(409000, 5476000, "GML_punkt"), xf.props(zweckbestimmung="1600")),
    ]
    data = xf.build(features, version="5.4", plan_class="FP_Plan", name="FNP Test", area=xf.FPLAN_AREA)
    version = plan_import(project=empty_project, data=data, filename="fnp.gml", actor=planner)
    assert version.procedure.plan_kind == "fplan"
    names = sorted(version.layers.values_list("name", flat=True))
    assert "Grünflächen (Flächen) – Fassung 1" in names
    assert "Grünflächen (Punkte) – Fassung 1" in names
    assert Feature.objects.get(attributes__gml_id="GML_punkt").attributes["zweckbestimmung_text"] == "Spielplatz"


def test_second_version_lists_changes_and_hides_the_first(empty_project, planner):
    first = plan_import(project=empty_project, data=DEMO.read_bytes(), filename="v1.gml", actor=planner)
    features = [f for f in xf.bplan_features() if f[1] != "GML_baum2"]
    features = [(c, g, geom, p.replace("<xplan:GRZ>0.4<", "<xplan:GRZ>0.35<")) for c, g, geom, p in features]
    features.append(("BP_AnpflanzungBindungErhaltung", "GML_baum3", xf.point(409720, 5477185, "GML_baum3"),
                     xf.props(massnahme="2000")))  # fmt: skip
    second = plan_import(project=empty_project, data=xf.build(features), filename="v2.gml", actor=planner)
    assert second.number == 2
    changes = version_changes(second)
    assert changes["added"] == [("GML_baum3", "Anpflanzung und Erhaltung")]
    assert changes["removed"] == [("GML_baum2", "Anpflanzung und Erhaltung")]
    assert changes["changed"] == [("GML_wa1", "Baugebiete")]
    assert version_changes(first) is None
    collection = json.loads(version_changes_geojson(second, changes))
    found = sorted((f["properties"]["change"], f["properties"]["gml_id"], f["geometry"]["type"])
                   for f in collection["features"])  # fmt: skip
    assert found == [("added", "GML_baum3", "Point"), ("changed", "GML_wa1", "Polygon"),
                     ("removed", "GML_baum2", "Point")]  # fmt: skip
    removed = next(f for f in collection["features"] if f["properties"]["change"] == "removed")
    old = Feature.objects.get(layer__in=first.layers.all(), attributes__gml_id="GML_baum2")
    assert removed["geometry"]["coordinates"] == pytest.approx(list(old.geom.coords), abs=1e-6)  # the old place
    assert not first.layers.filter(visible_by_default=True).exists()
    assert second.layers.filter(visible_by_default=True).count() == 5


def test_clockwise_ring_and_bow_tie_are_repaired_and_reported(empty_project, planner):
    clockwise = [(409600, 5477050), (409650, 5477170), (409790, 5477110), (409750, 5476995), (409600, 5477050)]
    bow_tie = [(409700, 5477000), (409800, 5477100), (409800, 5477000), (409700, 5477100), (409700, 5477000)]
    data = xf.build([
        ("BP_BaugebietsTeilFlaeche", "GML_cw", xf.polygon(clockwise, "GML_cw"), ""),
        ("BP_GruenFlaeche", "GML_bowtie", xf.polygon(bow_tie, "GML_bowtie"), ""),
    ])  # fmt: skip
    version = plan_import(project=empty_project, data=data, filename="x.gml", actor=planner)
    assert version.report["repaired"] == ["GML_bowtie"]
    assert "GML_cw" in version.report["reoriented"]
    bowtie = Feature.objects.get(attributes__gml_id="GML_bowtie")
    assert bowtie.geom.valid
    assert bowtie.geom.geom_type == "MultiPolygon"


BROKEN = {
    "not xml": (b"Das ist kein XML", "kein gültiges XML"),
    "not xplan": (b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"/>', "keine XPlanGML-Datei"),
    "xplan 3": (xf.build(xf.bplan_features(), version="3.0"), "XPlanung 3.0 wird nicht unterstützt"),
    "doctype": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<xplan:XPlanAuszug xmlns:xplan="http://www.xplanung.de/xplangml/6/0">&e;</xplan:XPlanAuszug>',
        "DOCTYPE",
    ),
    "unknown crs": (xf.build(xf.bplan_features(), srs="EPSG:3857", area_srs="EPSG:3857"), "GML_wa1: unbekanntes"),
    "wgs84 refused": (xf.build(xf.bplan_features(), srs="EPSG:4326", area_srs=None), "unbekanntes Koordinatensystem"),
    "far away": (xf.build(xf.bplan_features(), srs="EPSG:25833", area_srs=None), "Stimmt das Koordinatensystem"),
    "no plan": (xf.build(xf.bplan_features()).replace(b"BP_Plan", b"BP_Planx"), "genau einen Plan"),
    "broken geometry": (
        xf.build([("BP_GruenFlaeche", "GML_kaputt", '<gml:Polygon gml:id="k"><gml:exterior><gml:LinearRing>'
                   "<gml:posList>409700 5477000 abc</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>", "")]),
        "GML_kaputt",
    ),
    "degenerate": (
        xf.build([("BP_GruenFlaeche", "GML_flach", xf.polygon([(409700, 5477000), (409800, 5477000),
                   (409700, 5477000), (409800, 5477000)], "GML_flach"), "")]),
        "GML_flach",
    ),
    "duplicate id": (
        xf.build([("BP_GruenFlaeche", "GML_x", xf.point(409700, 5477100, "a"), ""),
                  ("BP_GruenFlaeche", "GML_x", xf.point(409710, 5477100, "b"), "")]),
        "mehrfach",
    ),
    "no content": (xf.build([]), "keine Planinhalte"),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN)
def test_broken_files_are_refused_and_nothing_is_written(empty_project, planner, case):
    data, expected = BROKEN[case]
    with pytest.raises(XPlanError) as error:
        plan_import(project=empty_project, data=data, filename="x.gml", actor=planner)
    assert expected in str(error.value)
    assert not Layer.objects.filter(project=empty_project).exists()
    assert not PlanVersion.objects.exists()
    empty_project.refresh_from_db()
    assert empty_project.area is None


def test_only_planners_import(empty_project, citizen, moderator):
    for user in (citizen, moderator):
        with pytest.raises(PermissionDenied):
            plan_import(project=empty_project, data=DEMO.read_bytes(), filename="x.gml", actor=user)


def test_command(empty_project, tmp_path):
    out = StringIO()
    call_command("import_plan", "pfaff-nord", str(DEMO), stdout=out)
    assert "Fassung 1 mit 7 Objekten in 5 Ebenen" in out.getvalue()
    broken = tmp_path / "kaputt.gml"
    broken.write_bytes(BROKEN["unknown crs"][0])
    with pytest.raises(CommandError, match="EPSG:3857"):
        call_command("import_plan", "pfaff-nord", str(broken))
    with pytest.raises(CommandError, match="gibt es nicht"):
        call_command("import_plan", "kein-vorhaben", str(DEMO))
