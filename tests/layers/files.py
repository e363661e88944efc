"""Geodata files the import tests write themselves, with pyogrio (GDAL), in any format and CRS."""

import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from shapely.geometry.base import BaseGeometry

# Kaiserslautern, Stiftsplatz area: the same place in three CRSs.
LONLAT = (7.77, 49.44)
UTM32 = (410830.8843182027, 5477097.567416963)  # EPSG:25832
GK3 = (3410870.660567669, 5478849.270186303)  # EPSG:31467 (Gauß-Krüger zone 3)

DRIVERS = {".geojson": "GeoJSON", ".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".kml": "KML", ".csv": "CSV"}


def write(
    path: Path,
    geometries: list[BaseGeometry | None],
    *,
    crs: str | None = "EPSG:4326",
    fields: dict[str, list] | None = None,
    layer: str | None = None,
    append: bool = False,
    **options,
) -> Path:
    fields = fields or {"name": [f"Objekt {i + 1}" for i in range(len(geometries))]}
    wkb = np.array([None if g is None else shapely.to_wkb(g) for g in geometries], dtype=object)
    types = {shapely.get_type_id(g) for g in geometries if g is not None}
    has_z = any(g is not None and g.has_z for g in geometries)
    names = {0: "Point", 1: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString", 6: "MultiPolygon"}
    geometry_type = names[types.pop()] if len(types) == 1 else "Unknown"
    if has_z and geometry_type != "Unknown":
        geometry_type += " Z"
    field_data = [
        np.array(v, dtype=object if any(isinstance(x, str) or x is None for x in v) else None) for v in fields.values()
    ]
    pyogrio.raw.write(
        path,
        wkb,
        field_data,
        list(fields),
        driver=DRIVERS[path.suffix],
        crs=crs,
        geometry_type=geometry_type,
        layer=layer,
        append=append,
        **options,
    )
    return path


def zip_dir(files: list[Path], target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, f.name)
    return target
