"""Run by the system python3 with QGIS (tests/geo/test_qgis.py): loads every live layer through QGIS's OAPIF
and WFS providers and opens the shipped project; prints what it saw as JSON. Optionally renders a PNG."""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (
    QgsApplication,
    QgsCoordinateTransform,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)  # fmt: skip
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

base, names, project_path, png = json.loads(sys.argv[1])
app = QgsApplication([], False)
app.initQgis()
errors = []
QgsApplication.messageLog().messageReceived.connect(
    lambda message, tag, level: errors.append(f"{tag}: {message}") if level in (1, 2) else None  # Warning, Critical
)


def describe(layer):
    return {
        "valid": layer.isValid(),
        "type": QgsWkbTypes.displayString(layer.wkbType()),
        "count": layer.featureCount(),
        "fields": [field.name() for field in layer.fields()],
    }


out = {"oapif": {}, "wfs": {}}
for name in names:
    out["oapif"][name] = describe(QgsVectorLayer(f"url='{base}/ogc' typename='{name}'", name, "OAPIF"))
    wfs = QgsVectorLayer(f"url='{base}/wfs' typename='app:{name}' version='2.0.0'", name, "WFS")
    out["wfs"][name] = describe(wfs)
project = QgsProject.instance()
out["project_read"] = project.read(project_path)
out["project"] = {layer.id(): describe(layer) for layer in project.mapLayers().values()}
if png:
    settings = QgsMapSettings()
    visible = [node.layer() for node in project.layerTreeRoot().findLayers() if node.isVisible()]
    settings.setLayers(visible)
    settings.setDestinationCrs(project.crs())
    city = visible[-1]  # the Stadtteile, at the bottom
    settings.setExtent(QgsCoordinateTransform(city.crs(), project.crs(), project).transformBoundingBox(city.extent()))
    settings.setOutputSize(QSize(1000, 900))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(png, "png")
out["crs"] = project.crs().authid()
out["errors"] = errors
print(json.dumps(out))  # noqa: T201 (the test reads stdout)
app.exitQgis()
