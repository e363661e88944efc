"""German labels of XPlanung enumerations, from the XPlanung standard (Leitstelle XPlanung), for the classes
a Bebauungsplan or Flächennutzungsplan of Kaiserslautern commonly holds. The code itself is always kept;
an unknown code simply has no label.

Keys: (class prefix "BP"/"FP"/"*", class name or "*", element) -> {code: label}.
"""

ALLG_ART = {"1000": "Wohnbaufläche", "2000": "Gemischte Baufläche", "3000": "Gewerbliche Baufläche",
            "4000": "Sonderbaufläche", "9999": "Sonstige Baufläche"}  # fmt: skip
BESONDERE_ART = {
    "1000": "Kleinsiedlungsgebiet (WS)", "1100": "Reines Wohngebiet (WR)", "1200": "Allgemeines Wohngebiet (WA)",
    "1300": "Besonderes Wohngebiet (WB)", "1400": "Dorfgebiet (MD)", "1450": "Dörfliches Wohngebiet (MDW)",
    "1500": "Mischgebiet (MI)", "1550": "Urbanes Gebiet (MU)", "1600": "Kerngebiet (MK)",
    "1700": "Gewerbegebiet (GE)", "1800": "Industriegebiet (GI)", "2000": "Sondergebiet, das der Erholung dient",
    "2100": "Sonstiges Sondergebiet", "3000": "Wochenendhausgebiet", "4000": "Sondergebiet",
    "9999": "Sonstiges Gebiet",
}  # fmt: skip
BAUWEISE = {"1000": "offene Bauweise", "2000": "geschlossene Bauweise", "3000": "abweichende Bauweise",
            "9999": "sonstige Bauweise"}  # fmt: skip
DACHFORM = {
    "1000": "Flachdach", "2100": "Pultdach", "2200": "versetztes Pultdach", "3000": "geneigtes Dach",
    "3100": "Satteldach", "3200": "Walmdach", "3300": "Krüppelwalmdach", "3400": "Mansarddach",
    "3500": "Zeltdach", "3600": "Kegeldach", "3700": "Kuppeldach", "3800": "Sheddach", "3900": "Bogendach",
    "4000": "Turmdach", "4100": "Tonnendach", "5000": "Mischform", "9999": "sonstige Dachform",
}  # fmt: skip
BP_RECHTSCHARAKTER = {"1000": "Festsetzung", "2000": "Nachrichtliche Übernahme", "3000": "Hinweis",
                      "4000": "Vermerk", "5000": "Kennzeichnung", "9998": "unbekannt"}  # fmt: skip
FP_RECHTSCHARAKTER = {**BP_RECHTSCHARAKTER, "1000": "Darstellung"}
BP_PLANART = {
    "1000": "Bebauungsplan", "10000": "einfacher Bebauungsplan", "10001": "qualifizierter Bebauungsplan",
    "3000": "vorhabenbezogener Bebauungsplan", "3100": "Vorhaben- und Erschließungsplan",
    "4000": "Innenbereichssatzung", "40000": "Klarstellungssatzung", "40001": "Entwicklungssatzung",
    "40002": "Ergänzungssatzung", "5000": "Außenbereichssatzung", "7000": "Örtliche Bauvorschrift",
    "9999": "sonstige Planart",
}  # fmt: skip
FP_PLANART = {"1000": "Flächennutzungsplan", "2000": "gemeinsamer Flächennutzungsplan",
              "3000": "regionaler Flächennutzungsplan", "4000": "Flächennutzungsplan mit Regionalplan",
              "5000": "sachlicher Teilflächennutzungsplan", "9999": "sonstige Planart"}  # fmt: skip
BP_RECHTSSTAND = {
    "1000": "Aufstellungsbeschluss", "2000": "Entwurf", "2100": "frühzeitige Behördenbeteiligung",
    "2200": "frühzeitige Öffentlichkeitsbeteiligung", "2300": "Behördenbeteiligung",
    "2400": "öffentliche Auslegung", "3000": "Satzung", "4000": "in Kraft getreten",
    "4500": "teilweise untergegangen", "5000": "untergegangen", "50000": "aufgehoben", "50001": "außer Kraft",
}  # fmt: skip
FP_RECHTSSTAND = {
    "1000": "Aufstellungsbeschluss", "2000": "Entwurf", "2100": "frühzeitige Behördenbeteiligung",
    "2200": "frühzeitige Öffentlichkeitsbeteiligung", "2300": "Behördenbeteiligung",
    "2400": "öffentliche Auslegung", "3000": "Plan", "4000": "wirksam", "5000": "untergegangen",
    "50000": "aufgehoben", "50001": "außer Kraft",
}  # fmt: skip
STRASSENVERKEHR = {
    "1000": "Parkierungsfläche", "1100": "Fußgängerbereich", "1200": "verkehrsberuhigter Bereich",
    "1300": "Rad- und Gehweg", "1400": "Radweg", "1500": "Gehweg", "1550": "Wanderweg", "1560": "Reit- und Kutschweg",
    "1580": "Wirtschaftsweg", "1600": "Fahrradabstellplatz", "1700": "überführender Verkehrsweg",
    "1800": "unterführender Verkehrsweg", "2000": "Park-and-Ride-Anlage", "2100": "Platz",
    "2200": "Anschlussfläche", "2300": "landwirtschaftlicher Verkehr", "2400": "Verkehrsgrün",
    "2500": "Rastanlage", "2600": "Busbahnhof", "3000": "Carsharing", "3100": "Bikesharing",
    "3200": "Bike-and-Ride-Anlage", "3300": "Parkhaus", "3400": "Mischverkehrsfläche", "3500": "Ladestation",
    "9999": "sonstige Zweckbestimmung",
}  # fmt: skip
GRUEN = {
    "1000": "Parkanlage", "1200": "Dauerkleingärten", "1400": "Sportplatz", "1600": "Spielplatz",
    "1800": "Zeltplatz", "2000": "Badeplatz", "2200": "Freizeit und Erholung", "2400": "spezielle Grünfläche",
    "2600": "Friedhof", "2700": "Naturerfahrungsraum", "9999": "sonstige Zweckbestimmung",
}  # fmt: skip
GEMEINBEDARF = {
    "1000": "öffentliche Verwaltung", "1200": "Bildung und Forschung", "1400": "Kirche und kirchliche Einrichtungen",
    "1600": "soziale Einrichtungen", "1800": "gesundheitliche Einrichtungen", "2000": "kulturelle Einrichtungen",
    "2200": "sportliche Einrichtungen", "2400": "Sicherheit und Ordnung", "2600": "Infrastruktur",
    "9999": "sonstige Zweckbestimmung",
}  # fmt: skip
LANDWIRTSCHAFT = {
    "1000": "Landwirtschaft allgemein", "1100": "Ackerbau", "1200": "Wiesen- und Weidewirtschaft",
    "1300": "gartenbauliche Erzeugung", "1400": "Obstbau", "1500": "Weinbau", "1600": "Imkerei",
    "1700": "Binnenfischerei", "9999": "sonstige Zweckbestimmung",
}  # fmt: skip
ANPFLANZEN = {"1000": "Bindung und Erhaltung", "2000": "Anpflanzen", "3000": "Anpflanzen, Bindung und Erhaltung"}
GEGENSTAND = {"1000": "Bäume", "1100": "Kopfbäume", "1200": "Baumreihe", "2000": "Sträucher",
              "2050": "Bäume und Sträucher", "2100": "Hecke", "2200": "Knick", "3000": "sonstige Bepflanzung",
              "4000": "Gewässer", "5000": "Fassadenbegrünung", "6000": "Dachbegrünung"}  # fmt: skip
XP_BEDEUTUNG_BEREICH = {"1600": "Teilbereich", "1800": "Kompensationsbereich", "9999": "sonstiger Bereich"}

CODELISTS: dict[tuple[str, str, str], dict[str, str]] = {
    ("*", "*", "allgArtDerBaulNutzung"): ALLG_ART,
    ("*", "*", "besondereArtDerBaulNutzung"): BESONDERE_ART,
    ("BP", "*", "bauweise"): BAUWEISE,
    ("BP", "*", "dachform"): DACHFORM,
    ("BP", "*", "rechtscharakter"): BP_RECHTSCHARAKTER,
    ("FP", "*", "rechtscharakter"): FP_RECHTSCHARAKTER,
    ("BP", "BP_Plan", "planArt"): BP_PLANART,
    ("FP", "FP_Plan", "planArt"): FP_PLANART,
    ("BP", "BP_Plan", "rechtsstand"): BP_RECHTSSTAND,
    ("FP", "FP_Plan", "rechtsstand"): FP_RECHTSSTAND,
    ("BP", "BP_StrassenVerkehrsFlaeche", "besondereZweckbestimmung"): STRASSENVERKEHR,
    ("BP", "BP_VerkehrsflaecheBesondererZweckbestimmung", "zweckbestimmung"): STRASSENVERKEHR,
    ("*", "*GruenFlaeche", "zweckbestimmung"): GRUEN,
    ("FP", "FP_Gruen", "zweckbestimmung"): GRUEN,
    ("*", "*GemeinbedarfsFlaeche", "zweckbestimmung"): GEMEINBEDARF,
    ("FP", "FP_Gemeinbedarf", "zweckbestimmung"): GEMEINBEDARF,
    ("*", "*Landwirtschaft*", "zweckbestimmung"): LANDWIRTSCHAFT,
    ("BP", "BP_AnpflanzungBindungErhaltung", "massnahme"): ANPFLANZEN,
    ("BP", "BP_AnpflanzungBindungErhaltung", "gegenstand"): GEGENSTAND,
}

# Feature class names and their German titles for layer names (the rest keep their class name).
CLASS_TITLES = {
    "BP_BaugebietsTeilFlaeche": "Baugebiete", "BP_UeberbaubareGrundstuecksFlaeche": "Überbaubare Grundstücksflächen",
    "BP_BauGrenze": "Baugrenzen", "BP_BauLinie": "Baulinien", "BP_StrassenVerkehrsFlaeche": "Straßenverkehrsflächen",
    "BP_VerkehrsflaecheBesondererZweckbestimmung": "Verkehrsflächen besonderer Zweckbestimmung",
    "BP_StrassenbegrenzungsLinie": "Straßenbegrenzungslinien", "BP_GruenFlaeche": "Grünflächen",
    "BP_GemeinbedarfsFlaeche": "Flächen für den Gemeinbedarf",
    "BP_AnpflanzungBindungErhaltung": "Anpflanzung und Erhaltung",
    "BP_NebenanlagenFlaeche": "Flächen für Nebenanlagen", "BP_WaldFlaeche": "Waldflächen",
    "BP_GewaesserFlaeche": "Wasserflächen", "BP_Immissionsschutz": "Immissionsschutz",
    "FP_BebauungsFlaeche": "Bauflächen", "FP_Gemeinbedarf": "Gemeinbedarf", "FP_Gruen": "Grünflächen",
    "FP_Landwirtschaft": "Landwirtschaft", "FP_WaldFlaeche": "Wald", "FP_Strassenverkehr": "Straßenverkehr",
    "FP_Gewaesser": "Wasserflächen", "FP_VerEntsorgung": "Ver- und Entsorgung",
    "SO_Schutzgebiet": "Schutzgebiete", "SO_Denkmalschutzrecht": "Denkmalschutz",
}  # fmt: skip


def _matches(pattern: str, name: str) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("*") and pattern.endswith("*"):
        return pattern[1:-1] in name
    if pattern.startswith("*"):
        return name.endswith(pattern[1:])
    return pattern == name


def label(feature_class: str, element: str, code: str) -> str | None:
    """The German label of `code` of `element` in `feature_class`, most specific list first."""
    prefix = feature_class[:2]
    candidates = [
        (key, table)
        for key, table in CODELISTS.items()
        if key[2] == element and key[0] in ("*", prefix) and _matches(key[1], feature_class)
    ]
    candidates.sort(key=lambda item: (item[0][1] == "*", item[0][1].startswith("*"), item[0][0] == "*"))
    for _key, table in candidates:
        if code in table:
            return table[code]
    return None


def class_title(feature_class: str) -> str:
    return CLASS_TITLES.get(feature_class, feature_class)
