import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from layers import services
from layers.fields import labelled, parse_labels, suggest_label, suggested_labels
from tests.factories import ProjectFactory


@pytest.mark.parametrize(
    ("column", "label"),
    [("strasse", "Straße"), ("laenge_m", "Länge (m)"), ("massnahme", "Maßnahme"), ("flaeche_qm", "Fläche (m²)"),
     ("pflanzjahr", "Pflanzjahr"), ("breite_m", "Breite (m)")],
)  # fmt: skip
def test_labels_are_proposed_from_column_names(column, label):
    assert suggest_label(column) == label


def test_technical_columns_are_hidden_by_default():
    assert [c for c, _label in suggested_labels(["fid", "gml_id", "strasse", "Shape_Length"])] == ["strasse"]


def test_the_planner_names_and_orders_the_fields():
    labels = parse_labels("laenge_m = Länge in Metern\n\nstrasse = Straße\n")
    assert labels == [["laenge_m", "Länge in Metern"], ["strasse", "Straße"]]
    rows = labelled({"strasse": "Marktstraße", "laenge_m": 800, "intern": "x", "leer": ""}, labels)
    assert rows == [("Länge in Metern", 800), ("Straße", "Marktstraße")]


def test_a_line_without_a_label_is_an_error():
    with pytest.raises(ValidationError, match="Zeile 2"):
        parse_labels("strasse = Straße\nlaenge_m")


def test_features_added_in_code_get_labels(db):
    layer = services.layer_create(project=ProjectFactory(), name="Routen")
    services.layer_add_features(
        layer=layer, geometries=[Point(7.77, 49.44, srid=4326)], attributes=[{"strasse": "A", "laenge_m": 3}]
    )
    layer.refresh_from_db()
    assert layer.field_labels == [["strasse", "Straße"], ["laenge_m", "Länge (m)"]]
