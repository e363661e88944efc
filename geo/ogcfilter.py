"""OGC API – Features Part 3 for the live layers: queryables, property filters and CQL2 text filters.

A dataset's queryables are its attributes that are plain model fields (`Dataset.model_paths`) and the
geometry; attributes computed in SQL (labels, counts per district) are published but not filterable. CQL2
text is parsed by pygeofilter and turned into a Django Q on those fields only, after the parse tree has been
checked for size, depth and the kinds of expression we support (Basic CQL2 with LIKE, IN, BETWEEN and
S_INTERSECTS).
"""

import json
import re
from datetime import date, datetime

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from lark.exceptions import LarkError
from pygeofilter import ast, values
from pygeofilter.backends.django import to_filter
from pygeofilter.parsers.cql2_text import parse as parse_cql2_text

from geo.datasets import Dataset, nothing

GEOMETRY_QUERYABLE = "geometry"
MAX_FILTER_LENGTH = 2_000  # characters: room for a polygon of about a hundred vertices
MAX_FILTER_DEPTH = 12  # nesting of AND/OR/NOT and brackets
MAX_FILTER_NODES = 200
CQL2_TEXT = "cql2-text"
# The expressions a filter may use; anything else (functions, arithmetic, temporal operators) is refused.
ALLOWED_NODES = (
    ast.And, ast.Or, ast.Not,
    ast.Equal, ast.NotEqual, ast.LessThan, ast.LessEqual, ast.GreaterThan, ast.GreaterEqual,
    ast.Like, ast.In, ast.Between, ast.IsNull, ast.GeometryIntersects,
)  # fmt: skip
LITERALS = (str, int, float, bool, date, datetime, values.Geometry)
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
]


class FilterError(ValueError):
    """A filter the client got wrong; `param` names the query parameter."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param, self.message = param, message


def _model_field(model, path: str) -> models.Field | None:
    *relations, last = path.split("__")
    try:
        for name in relations:
            model = model._meta.get_field(name).related_model
        return model._meta.get_field(last)
    except (FieldDoesNotExist, AttributeError):
        return None


def _json_type(field: models.Field) -> dict:
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, models.IntegerField | models.AutoField):
        return {"type": "integer"}
    if isinstance(field, models.FloatField | models.DecimalField):
        return {"type": "number"}
    return {"type": "string"}


def queryables(dataset: Dataset) -> dict[str, str]:
    """Queryable name -> ORM lookup: the plain-field attributes, and the geometry."""
    lookups = {name: source for name, source in dataset.fields.items() if isinstance(source, str)}
    return {GEOMETRY_QUERYABLE: dataset.geometry, **lookups}


def queryables_schema(dataset: Dataset, self_url: str) -> dict:
    """The JSON Schema of a collection's queryables (Part 3, /queryables)."""
    properties = {}
    for name, lookup in queryables(dataset).items():
        field = _model_field(dataset.model, lookup)
        if isinstance(field, GeometryField):
            geometry = (dataset.geometry_type or "any").lower()
            properties[name] = {"title": _("Geometrie"), "format": f"geometry-{geometry}"}
        elif field is not None:
            properties[name] = {"title": name, **_json_type(field)}
    return {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": self_url,
        "type": "object",
        "title": dataset.title,
        "properties": properties,
        "additionalProperties": False,
    }


def _checked(queryset: QuerySet, condition: Q, param: str) -> QuerySet:
    """`queryset` filtered by `condition`, compiled now so that a value of the wrong type is the client's error."""
    try:
        filtered = queryset.filter(condition)
        filtered.query.sql_with_params()
    except (ValueError, TypeError, ValidationError):
        raise FilterError(param, _("Ungültiger Wert für %(param)s.") % {"param": param}) from None
    except EmptyResultSet:  # a value no row can have, e.g. a number beyond the column's range
        return nothing(queryset)
    return filtered


def apply_property_filters(dataset: Dataset, queryset: QuerySet, params, *, skip: set[str]) -> QuerySet:
    """`?kategorie=Verkehr`: equality on each queryable given as a parameter (except those in `skip`)."""
    for name, lookup in queryables(dataset).items():
        value = params.get(name)
        if name == GEOMETRY_QUERYABLE or name in skip or value in (None, ""):
            continue
        queryset = _checked(queryset, Q(**{lookup: value}), name)
    return queryset


def _invalid(message: str) -> FilterError:
    return FilterError("filter", message)


def _check_operands(node, dataset: Dataset, names: dict[str, str]) -> None:
    """The left side is a queryable, the others are literals of its type: a value the column cannot hold
    would otherwise reach PostgreSQL and fail there."""
    if not isinstance(node.lhs, ast.Attribute):
        raise _invalid(_("Links im Vergleich steht eine Eigenschaft."))
    name = node.lhs.name
    if name not in names:
        raise _invalid(
            _("%(name)s ist keine abfragbare Eigenschaft; möglich sind: %(list)s")
            % {"name": name, "list": ", ".join(names)}
        )
    operands = [sub for sub in node.get_sub_nodes() if sub is not node.lhs]
    if isinstance(node, ast.GeometryIntersects):
        if name != GEOMETRY_QUERYABLE or not isinstance(node.rhs, values.Geometry):
            raise _invalid(_("S_INTERSECTS vergleicht geometry mit einer Geometrie."))
        try:
            geometry = GEOSGeometry(json.dumps(node.rhs.geometry))
        except (GEOSException, GDALException, ValueError, TypeError):
            raise _invalid(_("Die Geometrie im Filter ist ungültig.")) from None
        if not geometry.valid:
            raise _invalid(_("Die Geometrie im Filter ist ungültig: %(reason)s") % {"reason": geometry.valid_reason})
        return
    if name == GEOMETRY_QUERYABLE:
        raise _invalid(_("geometry lässt sich nur mit S_INTERSECTS abfragen."))
    field = _model_field(dataset.model, names[name])
    for operand in operands:
        if not isinstance(operand, LITERALS) or isinstance(operand, values.Geometry):
            raise _invalid(_("Rechts im Vergleich mit %(name)s steht ein Wert.") % {"name": name})
        try:
            field.to_python(operand)
        except ValidationError:
            raise _invalid(_("Ungültiger Wert für %(name)s: %(value)s") % {"name": name, "value": operand}) from None


def _check_tree(node, dataset: Dataset, names: dict[str, str], depth: int = 0, count: list[int] | None = None):
    count = count if count is not None else [0]
    count[0] += 1
    if depth > MAX_FILTER_DEPTH or count[0] > MAX_FILTER_NODES:
        raise _invalid(_("Der Filter ist zu tief verschachtelt oder zu lang."))
    if not isinstance(node, ALLOWED_NODES) or isinstance(node, ast.Attribute):
        raise _invalid(_("Dieser Ausdruck wird nicht unterstützt: %(kind)s") % {"kind": type(node).__name__})
    if isinstance(node, ast.And | ast.Or | ast.Not):
        for sub in node.get_sub_nodes():
            _check_tree(sub, dataset, names, depth + 1, count)
        return
    count[0] += len(node.get_sub_nodes())
    _check_operands(node, dataset, names)


def _mixes_and_or(text: str) -> bool:
    """Whether AND and OR meet at one bracket level: pygeofilter 0.4 reads them left to right, CQL2 binds AND
    first, so such a filter is refused and brackets asked for (the AND of BETWEEN does not count)."""
    words: dict[int, list[str]] = {}
    depth = 0
    for part in re.findall(r"'(?:[^']|'')*'|\(|\)|[A-Za-z_]+", text):
        if part == "(":
            depth += 1
        elif part == ")":
            words.pop(depth, None)
            depth -= 1
        elif part.upper() in ("AND", "OR", "BETWEEN"):
            words.setdefault(depth, []).append(part.upper())
            level = words[depth]
            ands = level.count("AND") - level.count("BETWEEN")
            if ands > 0 and "OR" in level:
                return True
    return False


def parse_filter(dataset: Dataset, text: str, lang: str | None, filter_crs: str | None) -> Q:
    """A CQL2 text filter as a Q on the dataset's queryables; every fault is a FilterError."""
    if (lang or CQL2_TEXT) != CQL2_TEXT:
        raise FilterError("filter-lang", _("Nur cql2-text wird unterstützt."))
    if filter_crs not in (None, "", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"):
        raise FilterError("filter-crs", _("Geometrien im Filter sind in CRS84 (Länge, Breite) anzugeben."))
    if len(text) > MAX_FILTER_LENGTH:
        raise FilterError("filter", _("Der Filter ist zu lang (höchstens %(n)s Zeichen).") % {"n": MAX_FILTER_LENGTH})
    # Brackets are counted before parsing, so that deep nesting never reaches the parser's recursion.
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_FILTER_DEPTH + 2:  # a polygon literal needs two levels of its own
        raise FilterError("filter", _("Der Filter ist zu tief verschachtelt oder zu lang."))
    if _mixes_and_or(text):
        raise FilterError("filter", _("Bitte setzen Sie Klammern, wo AND und OR zusammen vorkommen."))
    try:
        tree = parse_cql2_text(text)
    except (LarkError, ValueError, TypeError, RecursionError) as exc:
        message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise FilterError("filter", _("Der Filter ist kein gültiges CQL2: %(error)s") % {"error": message}) from None
    names = queryables(dataset)
    _check_tree(tree, dataset, names)
    try:
        return to_filter(tree, names)
    except (GEOSException, GDALException, KeyError, NotImplementedError, ValueError, TypeError) as exc:
        raise FilterError(
            "filter", _("Der Filter ist kein gültiges CQL2: %(error)s") % {"error": str(exc)[:200]}
        ) from None


def apply_cql2_filter(dataset: Dataset, queryset: QuerySet, params) -> QuerySet:
    text = params.get("filter")
    if text in (None, ""):
        if params.get("filter-lang") not in (None, "", CQL2_TEXT):
            raise FilterError("filter-lang", _("Nur cql2-text wird unterstützt."))
        return queryset
    condition = parse_filter(dataset, text, params.get("filter-lang"), params.get("filter-crs"))
    return _checked(queryset, condition, "filter")
