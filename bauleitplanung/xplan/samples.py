# ruff: noqa: E501
"""XPlanGML files of our own making, for the tests and the benchmarks: a builder for plans of any version, class
and CRS, and geometries. Not used by the running site."""

XPLAN_NS = "http://www.xplanung.de/xplangml/{major}/{minor}"
GML = "http://www.opengis.net/gml/3.2"

# The demo plan's Geltungsbereich north of the Pfaffstraße (Innenstadt West/Kotten), EPSG:25832, counter-clockwise.
AREA = [(409560, 5477030), (409900, 5476900), (409960, 5477100), (409640, 5477230), (409560, 5477030)]


def pos_list(points) -> str:
    return " ".join(f"{x} {y}" for x, y in points)


def polygon(points, gid: str, srs: str | None = None) -> str:
    srs_attr = f' srsName="{srs}"' if srs else ""
    return (
        f'<gml:Polygon gml:id="{gid}_g"{srs_attr}><gml:exterior><gml:LinearRing>'
        f"<gml:posList>{pos_list(points)}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"
    )


def multi_surface(points, gid: str, srs: str | None = "EPSG:25832") -> str:
    srs_attr = f' srsName="{srs}"' if srs else ""
    return f'<gml:MultiSurface gml:id="{gid}_ms"{srs_attr}><gml:surfaceMember>{polygon(points, gid)}</gml:surfaceMember></gml:MultiSurface>'


def line(points, gid: str) -> str:
    return f'<gml:LineString gml:id="{gid}_g"><gml:posList>{pos_list(points)}</gml:posList></gml:LineString>'


def point(x, y, gid: str) -> str:
    return f'<gml:Point gml:id="{gid}_g"><gml:pos>{x} {y}</gml:pos></gml:Point>'


def arc_polygon(start, mid, end, back, gid: str) -> str:
    """A surface bounded by an arc (start-mid-end) and straight lines back to start: a curve to linearise."""
    return (
        f'<gml:Polygon gml:id="{gid}_g"><gml:exterior><gml:Ring><gml:curveMember><gml:Curve gml:id="{gid}_c">'
        f"<gml:segments><gml:Arc><gml:posList>{pos_list([start, mid, end])}</gml:posList></gml:Arc>"
        f"<gml:LineStringSegment><gml:posList>{pos_list([end, *back, start])}</gml:posList></gml:LineStringSegment>"
        "</gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>"
    )


def build(
    features,
    *,
    version: str = "6.0",
    plan_class: str = "BP_Plan",
    name: str = "Pfaff-Areal Nord (Demo)",
    srs: str = "EPSG:25832",
    area=AREA,
    area_srs: str | None = "EPSG:25832",
    plan_props: str = "",
) -> bytes:
    major, minor = version.split(".")
    bereich = plan_class.replace("_Plan", "_Bereich")
    members = [
        f'<gml:featureMember><xplan:{plan_class} gml:id="GML_plan">'
        f"<xplan:name>{name}</xplan:name>"
        f"<xplan:raeumlicherGeltungsbereich>{multi_surface(area, 'GML_plan', area_srs)}</xplan:raeumlicherGeltungsbereich>"
        "<xplan:gemeinde><xplan:XP_Gemeinde><xplan:ags>07312000</xplan:ags>"
        "<xplan:gemeindeName>Kaiserslautern</xplan:gemeindeName></xplan:XP_Gemeinde></xplan:gemeinde>"
        f"<xplan:planArt>1000</xplan:planArt>{plan_props}"
        f'<xplan:bereich xlink:href="#GML_bereich"/></xplan:{plan_class}></gml:featureMember>',
        f'<gml:featureMember><xplan:{bereich} gml:id="GML_bereich"><xplan:nummer>0</xplan:nummer>'
        f'<xplan:gehoertZuPlan xlink:href="#GML_plan"/></xplan:{bereich}></gml:featureMember>',
    ]
    for cls, gid, geometry, props in features:
        members.append(
            f'<gml:featureMember><xplan:{cls} gml:id="{gid}">{props}'
            f'<xplan:gehoertZuBereich xlink:href="#GML_bereich"/>'
            f"<xplan:position>{geometry}</xplan:position></xplan:{cls}></gml:featureMember>"
        )
    xs = [p[0] for p in area]
    ys = [p[1] for p in area]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xplan:XPlanAuszug xmlns:xplan="{XPLAN_NS.format(major=major, minor=minor)}" xmlns:gml="{GML}" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" gml:id="GML_auszug">\n'
        f'<gml:boundedBy><gml:Envelope srsName="{srs}"><gml:lowerCorner>{min(xs)} {min(ys)}</gml:lowerCorner>'
        f"<gml:upperCorner>{max(xs)} {max(ys)}</gml:upperCorner></gml:Envelope></gml:boundedBy>\n"
        + "\n".join(members)
        + "\n</xplan:XPlanAuszug>\n"
    ).encode()


def props(**values) -> str:
    return "".join(f"<xplan:{k}>{v}</xplan:{k}>" for k, v in values.items())


def bplan_features():
    """The content of the demo Bebauungsplan: Baugebiete, a pedestrian area with an arc, a park, a boundary
    line, two trees and a presentation object (left out by the import)."""
    return [
        ("BP_BaugebietsTeilFlaeche", "GML_wa1",
         polygon([(409600, 5477050), (409750, 5476995), (409790, 5477110), (409650, 5477170), (409600, 5477050)], "GML_wa1"),
         props(rechtscharakter="1000", allgArtDerBaulNutzung="1000", besondereArtDerBaulNutzung="1200", GRZ="0.4",
               GFZ="0.8", Z="3", bauweise="1000", dachform="3100")),
        ("BP_BaugebietsTeilFlaeche", "GML_mu1",
         polygon([(409760, 5476985), (409890, 5476935), (409930, 5477060), (409800, 5477105), (409760, 5476985)], "GML_mu1"),
         props(rechtscharakter="1000", allgArtDerBaulNutzung="2000", besondereArtDerBaulNutzung="1550", GRZ="0.6",
               GFZ="1.6", Z="4")),
        ("BP_VerkehrsflaecheBesondererZweckbestimmung", "GML_platz",
         arc_polygon((409792, 5477100), (409776, 5477050), (409752, 5477000), [(409758, 5476990), (409798, 5477103)],
                     "GML_platz"),
         props(rechtscharakter="1000")
         + "<xplan:zweckbestimmung><xplan:BP_KomplexeZweckbestVerkehr><xplan:allgemein>1100</xplan:allgemein>"
           "</xplan:BP_KomplexeZweckbestVerkehr></xplan:zweckbestimmung>"),
        ("BP_GruenFlaeche", "GML_park",
         polygon([(409660, 5477180), (409940, 5477095), (409955, 5477110), (409650, 5477220), (409660, 5477180)], "GML_park"),
         props(rechtscharakter="1000")
         + "<xplan:zweckbestimmung><xplan:BP_KomplexeZweckbestGruen><xplan:allgemein>1000</xplan:allgemein>"
           "</xplan:BP_KomplexeZweckbestGruen></xplan:zweckbestimmung>"),
        ("BP_StrassenbegrenzungsLinie", "GML_sbl",
         line([(409565, 5477035), (409900, 5476905)], "GML_sbl"), props(rechtscharakter="1000")),
        ("BP_AnpflanzungBindungErhaltung", "GML_baum1", point(409700, 5477190, "GML_baum1"),
         props(rechtscharakter="1000", massnahme="1000", gegenstand="1000")),
        ("BP_AnpflanzungBindungErhaltung", "GML_baum2", point(409760, 5477170, "GML_baum2"),
         props(rechtscharakter="1000", massnahme="2000", gegenstand="1000")),
        ("XP_PPO", "GML_ppo1", point(409700, 5477100, "GML_ppo1"), props(art="besondereArtDerBaulNutzung")),
    ]  # fmt: skip


def fplan_features(count: int = 800, classes: int = 20):
    """A Flächennutzungsplan of `count` small squares in `classes` classes over the city centre."""
    names = ["FP_BebauungsFlaeche", "FP_Gruen", "FP_Landwirtschaft", "FP_WaldFlaeche", "FP_Gemeinbedarf",
             "FP_Strassenverkehr", "FP_Gewaesser", "FP_VerEntsorgung"]  # fmt: skip
    names += [f"FP_Klasse{i}" for i in range(classes - len(names))]
    out = []
    for i in range(count):
        x, y = 405000 + (i % 40) * 200, 5474000 + (i // 40) * 200
        square = [(x, y), (x + 150, y), (x + 150, y + 150), (x, y + 150), (x, y)]
        out.append((names[i % classes], f"GML_f{i}", polygon(square, f"GML_f{i}"),
                    props(rechtscharakter="1000", allgArtDerBaulNutzung="1000")))  # fmt: skip
    return out


FPLAN_AREA = [(404900, 5473900), (413100, 5473900), (413100, 5478100), (404900, 5478100), (404900, 5473900)]
