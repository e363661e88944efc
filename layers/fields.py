"""Plan-feature attributes for residents: the planner names and orders the fields; raw column names
(`strasse`, `laenge_m`) are never shown. A layer keeps [[column, label], …] in `field_labels`."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FIELDS = 40
MAX_LABEL = 80
# Columns that only mean something to a GIS: hidden unless the planner names them.
TECHNICAL = re.compile(
    r"^(fid|ogc_fid|objectid|object_id|gml_id|id|uuid|globalid|shape_(length|area|leng)|geom.*)$", re.I
)
WORDS = {
    "strasse": "Straße", "str": "Straße", "laenge": "Länge", "flaeche": "Fläche", "hoehe": "Höhe",
    "massnahme": "Maßnahme", "massnahmen": "Maßnahmen", "breite": "Breite", "anzahl": "Anzahl", "art": "Art",
    "typ": "Typ", "name": "Name", "bezeichnung": "Bezeichnung", "beschreibung": "Beschreibung", "status": "Status",
    "baujahr": "Baujahr", "traeger": "Träger", "gruende": "Gründe", "groesse": "Größe", "nr": "Nr.",
    "baumart": "Baumart", "stadtteil": "Stadtteil", "kosten": "Kosten", "zeitraum": "Zeitraum", "ziel": "Ziel",
}  # fmt: skip
UNITS = {"m": "m", "km": "km", "m2": "m²", "qm": "m²", "ha": "ha", "prozent": "%", "proz": "%", "eur": "€", "cm": "cm"}


def suggest_label(column: str) -> str:
    """'laenge_m' → 'Länge (m)', 'massnahme' → 'Maßnahme': a first proposal the planner may change."""
    parts = [p for p in re.split(r"[_\-\s]+", column.strip()) if p]
    unit = UNITS.get(parts[-1].lower()) if len(parts) > 1 else None
    if unit:
        parts = parts[:-1]
    words = [WORDS.get(p.lower(), p.lower()) for p in parts] or [column]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    return f"{text} ({unit})" if unit else text


def suggested_labels(columns: list[str]) -> list[list[str]]:
    return [[c, suggest_label(c)] for c in columns if not TECHNICAL.match(c)][:MAX_FIELDS]


def parse_labels(text: str) -> list[list[str]]:
    """One line per field, 'column = label', in the order residents see them; a column not listed is hidden."""
    labels, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        column, sep, label = line.partition("=")
        column, label = column.strip(), label.strip()
        if not sep or not column or not label:
            errors.append(_("Zeile %(n)d: bitte „Feldname = Bezeichnung“ schreiben.") % {"n": number})
        elif len(label) > MAX_LABEL or len(column) > MAX_LABEL:
            errors.append(_("Zeile %(n)d: höchstens %(max)d Zeichen.") % {"n": number, "max": MAX_LABEL})
        else:
            labels.append([column, label])
    if len(labels) > MAX_FIELDS:
        errors.append(_("Höchstens %(max)d Felder.") % {"max": MAX_FIELDS})
    if errors:
        raise ValidationError(errors)
    return labels


def labels_text(labels: list[list[str]]) -> str:
    return "\n".join(f"{column} = {label}" for column, label in labels)


def labelled(attributes: dict, labels: list[list[str]]) -> list[tuple[str, object]]:
    """(label, value) in the planner's order, empty values left out."""
    rows = []
    for column, label in labels:
        value = (attributes or {}).get(column)
        if value not in (None, ""):
            rows.append((label, value))
    return rows
