"""Datasets published for GIS users: exports, OGC API – Features and WFS all read from this registry.

`geo` cannot import the apps built on it, so they register their datasets in AppConfig.ready(). Registering
one is a single `register_dataset(Dataset(...))`; its `fields` are the one attribute list that every service
and file format publishes. A dataset whose geometry column takes any type is served live as one layer per
kind of geometry (`<name>-punkte`, `-linien`, `-flaechen`), because QGIS types each live layer by one
geometry type; files of the whole dataset hold one table (or Shapefile) per kind. See docs/gis.md.
"""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from functools import cached_property

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import Polygon
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection, transaction
from django.db.models import Case, Expression, F, Func, IntegerField, Model, QuerySet, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from geo.bounds import CoordinateError, bbox_polygon
from geo.geojson import datetime_columns
from geo.models import Ortsbezirk, Stadtteil
from geo.spatial import WGS84
from geo.styles import Style

# Layer name suffix -> (ST_Dimension, the one geometry type of that layer, title).
KINDS = {
    "punkte": (0, "MultiPoint", _("Punkte")),
    "linien": (1, "MultiLineString", _("Linien")),
    "flaechen": (2, "MultiPolygon", _("Flächen")),
}
GEOMETRY_TYPES = {  # Django's geom_type -> OGC name
    "POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon",
    "MULTIPOINT": "MultiPoint", "MULTILINESTRING": "MultiLineString", "MULTIPOLYGON": "MultiPolygon",
}  # fmt: skip


@dataclass(frozen=True)
class Dataset:
    name: str  # URL and file name part: lower case, no spaces
    title: str
    description: str
    model: type[Model]
    # Output attribute -> ORM lookup ("ortsbezirk__name") or expression; the order is the column order.
    fields: dict[str, str | Expression]
    geometry: str = "geom"
    base: Callable[[], QuerySet] | None = None  # e.g. only published ideas; default: all rows
    # The permission (the owning app's named rule, e.g. "surveys.view_exact_answers") a user needs to read
    # it in any GIS path (OGC API, WFS, files); None for public data.
    permission: str | None = None
    datetime_field: str | None = None
    # Query parameter -> ORM lookup, for filters beyond bbox and dates (e.g. "status": "status").
    filters: dict[str, str] = field(default_factory=dict)
    # Readable names of at most 10 characters for Shapefiles (dBASE), for fields longer than that.
    shapefile_names: dict[str, str] = field(default_factory=dict)
    style: Style | None = None  # how the site draws it, for the QGIS project
    kind: str | None = None  # set on the one-kind layers of a dataset with mixed geometry (see `layers`)

    def readable_by(self, user) -> bool:
        return self.permission is None or (user is not None and user.has_perm(self.permission))

    @property
    def _geom_type(self) -> str:
        """Django's type of the geometry column: "POINT", "MULTIPOLYGON", "GEOMETRY" (any)."""
        return getattr(self.model._meta.get_field(self.geometry), "geom_type", "GEOMETRY")

    @property
    def mixed(self) -> bool:
        """Whether the geometry column takes points, lines and areas alike."""
        return self.kind is None and self._geom_type == "GEOMETRY"

    @property
    def geometry_type(self) -> str | None:
        """The one OGC geometry type of the layer ("MultiPolygon"), None for a mixed dataset."""
        if self.kind:
            return KINDS[self.kind][1]
        return GEOMETRY_TYPES.get(self._geom_type)

    def layers(self) -> list["Dataset"]:
        """The live layers: the dataset itself, or one per kind of geometry if it mixes them."""
        if not self.mixed:
            return [self]
        return [
            replace(self, name=f"{self.name}-{kind}", title=f"{self.title}: {label}", kind=kind)
            for kind, (_dimension, _type, label) in KINDS.items()
        ]

    def queryset(self) -> QuerySet:
        """All rows, ordered by primary key; filter it, then pass it to `select_sql`."""
        queryset = self.base() if self.base else self.model._default_manager.all()
        if self.kind:
            dimension = Func(F(self.geometry), function="ST_Dimension", output_field=IntegerField())
            queryset = queryset.alias(geometry_dimension=dimension).filter(geometry_dimension=KINDS[self.kind][0])
        return queryset.order_by("pk")

    def geometry_expression(self) -> Expression | F:
        """The published geometry: promoted to multi in a one-kind layer, so that every row has its type."""
        if not self.kind:
            return F(self.geometry)
        return Func(F(self.geometry), function="ST_Multi", output_field=GeometryField(srid=WGS84))

    def select_sql(self, queryset: QuerySet, *, geometry_sql: str = "{}") -> tuple[str, tuple]:
        """SQL selecting `id`, the attributes under their output names, and `geom`.

        Attributes are selected under neutral aliases first, because an output name such as
        "ortsbezirk" may clash with a model field of the same name; the outer SELECT renames them.
        `geometry_sql` wraps the geometry column, e.g. "ST_Transform({}, 25832)".
        """
        aliases = self._aliases()
        inner, params = self._values(queryset, aliases).query.sql_with_params()
        columns = ", ".join(
            f"i.{alias} AS {quote_name(name)}" for alias, name in zip(aliases, self.fields, strict=True)
        )
        geometry = geometry_sql.format("i.out_geom")
        # Only quoted identifiers and our own SQL are interpolated; values stay parameters.
        return f"SELECT i.pk AS id, {columns}, {geometry} AS geom FROM ({inner}) i", params  # noqa: S608

    def _aliases(self) -> dict[str, F | Expression]:
        return {
            f"attr_{i}": F(source) if isinstance(source, str) else source
            for i, source in enumerate(self.fields.values())
        }

    def _values(self, queryset: QuerySet, aliases: dict[str, F | Expression]) -> QuerySet:
        return queryset.annotate(**aliases, out_geom=self.geometry_expression()).values("pk", *aliases, "out_geom")

    @property
    def properties(self) -> list[str]:
        return list(self.fields)

    @cached_property
    def datetime_properties(self) -> frozenset[str]:
        """The attributes that are date-times (GeoJSON writes them to the millisecond, geo.geojson)."""
        aliases = self._aliases()
        columns = datetime_columns(self._values(self.queryset(), aliases))
        return frozenset(name for alias, name in zip(aliases, self.fields, strict=True) if alias in columns)

    @property
    def model_paths(self) -> dict[str, str]:
        """Attributes that are plain (possibly related) model fields, as dotted paths; WFS publishes these."""
        return {name: source.replace("__", ".") for name, source in self.fields.items() if isinstance(source, str)}


def quote_name(name: str) -> str:
    return connection.ops.quote_name(name)


def choice_label(field: str, choices) -> Case:
    """The display label of a choices column, as a column of a dataset (empty for a value not in `choices`)."""
    return Case(*[When(**{field: v}, then=Value(str(label))) for v, label in choices], default=Value(""))


def nothing(queryset: QuerySet) -> QuerySet:
    """An empty result that still compiles to SQL (`.none()` does not), e.g. for ogr2ogr's column list."""
    return queryset.filter(pk__isnull=True)


_datasets: dict[str, Dataset] = {}
# Extra columns for the district datasets (e.g. idea counts), contributed by the apps above geo.
_district_measures: dict[str, dict[str, Expression]] = {"stadtteile": {}, "ortsbezirke": {}}
_district_short_names: dict[str, str] = {}


def register_dataset(dataset: Dataset) -> None:
    _datasets[dataset.name] = dataset


def register_district_measure(level: str, name: str, expression: Expression, *, short_name: str = "") -> None:
    """Add a column to the Stadtteile or Ortsbezirke dataset, e.g. ideas per 1,000 inhabitants;
    `short_name` is its Shapefile name if `name` is longer than 10 characters."""
    _district_measures[level][name] = expression
    if short_name:
        _district_short_names[name] = short_name


def _with_measures(dataset: Dataset) -> Dataset:
    measures = _district_measures.get(dataset.name)
    if not measures:
        return dataset
    short = {**dataset.shapefile_names, **{n: s for n, s in _district_short_names.items() if n in measures}}
    return replace(dataset, fields={**dataset.fields, **measures}, shapefile_names=short)


def get_dataset(name: str) -> Dataset | None:
    """A registered dataset, or one layer of a dataset with mixed geometry ("vorhaben-punkte")."""
    dataset = _datasets.get(name)
    if dataset:
        return _with_measures(dataset)
    base, _sep, kind = name.rpartition("-")
    dataset = _datasets.get(base)
    return next((layer for layer in _with_measures(dataset).layers() if layer.kind == kind), None) if dataset else None


def all_datasets() -> list[Dataset]:
    """Every dataset, whatever it needs (for the export command, run by whoever runs the server)."""
    return [_with_measures(d) for d in _datasets.values()]


# The WFS's layer extents (geo.wfs) are kept under this version; a saved or deleted row of any table that a
# dataset reads moves it.
EXTENT_VERSION_KEY = "wfs:extent-version"
_read_tables: dict[int, frozenset[str]] = {}


def _dataset_tables() -> frozenset[str]:
    """The tables the datasets read (their model's and every joined one), worked out once per registry size."""
    if len(_datasets) not in _read_tables:
        tables: set[str] = set()
        for dataset in all_datasets():
            for layer in dataset.layers():
                tables.update(alias.table_name for alias in layer.queryset().query.alias_map.values())
            tables.add(dataset.model._meta.db_table)
        _read_tables[len(_datasets)] = frozenset(tables)
    return _read_tables[len(_datasets)]


def forget_extents(sender, **_kwargs) -> None:
    """post_save and post_delete: a row of a table a dataset reads changed, so may the extents. The version moves
    now and again at commit: a GetCapabilities between the two reads the rows before the write and would keep
    that extent under the first new version (for WFS_EXTENT_SECONDS); the second move leaves it behind."""
    if sender._meta.db_table not in _dataset_tables():
        return
    _move_extent_version()
    transaction.on_commit(_move_extent_version)


def _move_extent_version() -> None:
    try:
        cache.incr(EXTENT_VERSION_KEY)
    except ValueError:  # no version yet (or the cache was emptied): any new one leaves the old extents behind
        cache.set(EXTENT_VERSION_KEY, uuid.uuid4().int % 2**60, None)


def visible_datasets(user) -> list[Dataset]:
    """The datasets `user` may read, for downloads (a file may hold several kinds of geometry);
    `user` None: the public ones."""
    return [_with_measures(d) for d in _datasets.values() if d.readable_by(user)]


def live_layers(user) -> list[Dataset]:
    """The layers of the live services (OGC API, WFS, the QGIS project) that `user` may read: one geometry
    type each."""
    return [layer for dataset in visible_datasets(user) for layer in dataset.layers()]


def register_geo_datasets() -> None:
    register_dataset(
        Dataset(
            name="stadtteile",
            title=str(_("Stadtteile")),
            description=str(_("Die 18 statistischen Stadtteile von Kaiserslautern mit Einwohnerzahl und Fläche.")),
            model=Stadtteil,
            fields={
                "nummer": "number",
                "name": "name",
                "name_lang": "long_name",
                "ortsbezirk": "ortsbezirk__name",
                "einwohner": "population",
                "flaeche_m2": "area_m2",
            },
            filters={"stadtteil": "number"},
            style=Style(colour="#1d4f91", fill_colour="#4a90d9", fill_opacity=0.15),
        )
    )
    register_dataset(
        Dataset(
            name="ortsbezirke",
            title=str(_("Ortsbezirke")),
            description=str(_("Die Innenstadt (Stadtteile 1–9) und die neun Ortsbezirke mit Ortsbeirat.")),
            model=Ortsbezirk,
            fields={"name": "name", "ortsbeirat": "has_ortsbeirat", "flaeche_m2": "area_m2"},
            style=Style(colour="#444444", fill_opacity=0, visible=False),
        )
    )


class DatasetFilterError(ValueError):
    """A filter value the user got wrong; `param` names the query parameter."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param
        self.message = message


def parse_bbox(value: str, *, param: str = "bbox", srid: int = WGS84, lat_first: bool = False) -> Polygon:
    """'minX,minY,maxX,maxY' (WGS84 longitude first by default) as a WGS84 polygon, clamped to the
    CRS's area of use (geo.bounds); non-finite or malformed numbers are refused."""
    try:
        return bbox_polygon(value, srid=srid, lat_first=lat_first)
    except CoordinateError as exc:
        raise DatasetFilterError(param, str(exc)) from None


def apply_filters(
    dataset: Dataset,
    queryset: QuerySet,
    *,
    bbox: Polygon | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    values: Mapping[str, str] | None = None,
    date_param: str = "datetime",
) -> QuerySet:
    """The common filters of exports and live services: bbox (GiST index), time range, dataset filters."""
    if bbox is not None:
        bbox.srid = WGS84
        queryset = queryset.filter(**{f"{dataset.geometry}__intersects": bbox})
    if (start or end) and not dataset.datetime_field:
        raise DatasetFilterError(date_param, str(_("Dieser Datensatz hat keine Zeitangabe.")))
    if start:
        queryset = queryset.filter(**{f"{dataset.datetime_field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{dataset.datetime_field}__lte": end})
    for param, lookup in dataset.filters.items():
        value = (values or {}).get(param)
        if value in (None, ""):
            continue
        try:
            filtered = queryset.filter(**{lookup: value})
            filtered.query.sql_with_params()
        except (ValueError, TypeError, ValidationError):
            raise DatasetFilterError(param, str(_("Ungültiger Wert für %(param)s.") % {"param": param})) from None
        except EmptyResultSet:  # a value no row can have, e.g. a number beyond the column's range
            filtered = nothing(queryset)
        queryset = filtered
    return queryset


def parse_moment(text: str, *, end: bool, param: str) -> datetime | None:
    """An RFC 3339 date-time, or a date (its first or, with `end`, last moment); '..' or '' for open."""
    if text in ("", ".."):
        return None
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is None:
                raise ValueError(text)
            moment = datetime.combine(day, time.max if end else time.min)
    except ValueError:  # malformed, or well-formed but impossible such as 2024-02-30
        raise DatasetFilterError(
            param, str(_("%(value)s ist kein gültiges Datum (JJJJ-MM-TT).") % {"value": text})
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
