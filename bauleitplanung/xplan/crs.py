"""The CRS of an XPlanGML geometry from its srsName: EPSG codes in their common spellings and the AdV names."""

import re

# Projected CRSs a German plan uses; nothing else is accepted (no geographic axis-order guessing).
ALLOWED = {25832, 25833, 31466, 31467, 31468, 31469, 4647, 5650, 3044, 3045}
ADV = {
    "ETRS89_UTM32": 25832, "ETRS89_UTM33": 25833, "DE_DHDN_3GK2": 31466, "DE_DHDN_3GK3": 31467,
    "DE_DHDN_3GK4": 31468, "DE_DHDN_3GK5": 31469,
}  # fmt: skip
EPSG = re.compile(
    r"^(?:EPSG:|urn:(?:x-)?ogc:def:crs:EPSG:[0-9.]*:|https?://www\.opengis\.net/def/crs/EPSG/[0-9.]+/"
    r"|https?://www\.opengis\.net/gml/srs/epsg\.xml#)(\d{4,5})$",
    re.IGNORECASE,
)


def srid_of(srs_name: str) -> int | None:
    """The EPSG code for `srs_name`, or None when it is unknown or not allowed."""
    name = (srs_name or "").strip()
    if name.lower().startswith("urn:adv:crs:"):
        # A compound name ("ETRS89_UTM32*DE_DHHN2016_NH") adds heights; only the horizontal part counts.
        return ADV.get(name[12:].split("*")[0].upper())
    match = EPSG.match(name)
    if match and int(match.group(1)) in ALLOWED:
        return int(match.group(1))
    return None


def allowed_names() -> str:
    return ", ".join(f"EPSG:{code}" for code in sorted(ALLOWED)) + ", urn:adv:crs:ETRS89_UTM32 …"
