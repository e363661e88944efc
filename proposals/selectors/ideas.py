"""Reads of ideas: filtered lists, the GeoJSON map output and the detail page."""

import json
import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.contrib.gis.geos import Polygon
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from edge import prepared
from geo.geojson import EMPTY_COLLECTION
from geo.models import Stadtteil
from geo.spatial import WGS84
from layers.models import Project
from proposals.models import Category, Comment, Follow, Idea, StatusChange, Support
from proposals.selectors.estimate import AreaEstimate, idea_area_estimate

# Lists show the Stadtteil's and project's names: their polygons (kilobytes each, parsed by GEOS per row)
# stay in the database.
RELATED_GEOMETRY = ("stadtteil__geom", "stadtteil__label_point")
BIGINT = range(-(2**63), 2**63)  # the keys' type


@dataclass(frozen=True)
class IdeaFilter:
    bbox: tuple[float, float, float, float] | None = None
    categories: list[str] = field(default_factory=list)  # slugs
    statuses: list[str] = field(default_factory=list)
    district: int | None = None  # Stadtteil number
    project: str | None = None  # slug
    q: str = ""

    @property
    def only_categories(self) -> bool:
        """True when nothing but the categories (and the area) is filtered: the cluster cells can answer."""
        return not (self.statuses or self.district or self.project or self.q)


def category_list(*, active_only: bool = False) -> QuerySet[Category]:
    qs = Category.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def idea_public_list(filters: IdeaFilter | None = None) -> QuerySet[Idea]:
    qs = Idea.objects.public()
    f = filters or IdeaFilter()
    if f.bbox:
        qs = qs.filter(location__contained=_bbox_polygon(f.bbox))
    if f.categories:
        qs = qs.filter(category__slug__in=f.categories)
    if f.statuses:
        qs = qs.filter(status__in=f.statuses)
    # Stadtteil and project as a key looked up first (an InitPlan), not a join: with the key known the planner
    # reads the partial index of that Stadtteil or project (0.3 ms for a project's newest ideas) instead of
    # walking all published ideas newest first until enough belong to it (12 ms on a million ideas).
    if f.district:
        qs = qs.filter(stadtteil_id=Subquery(Stadtteil.objects.filter(number=f.district).values("pk")[:1]))
    if f.project:
        qs = qs.filter(project_id=Subquery(Project.objects.filter(slug=f.project).values("pk")[:1]))
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(description__icontains=f.q))
    return qs


def _bbox_polygon(bbox) -> Polygon:
    polygon = Polygon.from_bbox(bbox)
    polygon.srid = WGS84
    return polygon


# Its own statement rather than geo.geojson.feature_collection: the page is ordered inside json_agg, and
# status labels and detail URLs are filled in by the database. The last (oldest) idea of the page and the
# number of features come back with it: they make the keyset link to the next page.
_FEATURES_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', i.id,
    'geometry', ST_AsGeoJSON(i.location, 6)::json,
    'properties', json_build_object(
        'id', i.id, 'title', i.title, 'category_slug', c.slug, 'category_name', c.name, 'color', c.color,
        'status', i.status, 'status_label', coalesce(%s::jsonb ->> i.status, i.status), 'stadtteil_name', s.name,
        'support_count', i.support_count, 'comment_count', i.comment_count, 'url', %s || i.id || '/'
    )
) ORDER BY i.created_at DESC, i.id DESC), '[]'::json))::text,
(array_agg(i.id ORDER BY i.created_at, i.id))[1],
count(*)
FROM ({ids}) page
JOIN {idea} i ON i.id = page.id
JOIN {category} c ON c.id = i.category_id
JOIN {stadtteil} s ON s.id = i.stadtteil_id
"""

# Ideas after a key idea in the list's order (newest first); the key is the last idea of the previous page.
_T = Idea._meta.db_table
_AFTER_SQL = f"({_T}.created_at, {_T}.id) < (SELECT k.created_at, k.id FROM {_T} k WHERE k.id = %s AND k.visibility = 'published')"  # noqa: E501, S608 (table name from the model; the key is a parameter)


@dataclass(frozen=True)
class FeaturePage:
    text: str  # the GeoJSON FeatureCollection
    returned: int
    last_id: int | None  # the key of the next page
    estimate: AreaEstimate | None = None  # the cluster cells' count, when they can answer for the filters


def idea_public_page(filters: IdeaFilter, *, after: int | None = None) -> QuerySet[Idea]:
    """Public ideas newest first, starting after the idea `after` (keyset paging: no OFFSET to skip)."""
    qs = idea_public_list(filters).order_by("-created_at", "-id")
    if after is not None:
        qs = qs.filter(RawSQL(_AFTER_SQL, [after], output_field=BooleanField()))  # noqa: S611 (key is a parameter)
    return qs


# How far past its expected length the newest-first walk through a bbox may read (the cells' share is an upper
# bound, so the real share can be smaller); a walk that falls short is answered from the GiST index instead.
WALK_MARGIN = 2


def _walk_window(filters: IdeaFilter, estimate: AreaEstimate | None, rows: int) -> int | None:
    """How many newest ideas to read when walking the newest-first index beats reading the bbox from the GiST
    index, else None. The walk reads about rows / share entries, the GiST index every idea in the bbox; the
    cheaper of the two is at most sqrt(rows * all ideas) entries: 10,000 for 100 rows of a million ideas."""
    if not filters.bbox or estimate is None or not estimate.in_bbox:
        return None
    if rows * estimate.total > estimate.in_bbox * estimate.in_bbox:
        return None
    return math.ceil(WALK_MARGIN * rows / estimate.share)


def idea_page_ids(filters: IdeaFilter, *, limit: int, after: int | None = None, offset: int = 0, window=None):
    """SQL and parameters of the ids of one page, newest first.

    With a `window` the newest `window` public ideas (after the key) are read from the newest-first index and
    the bbox filters them: a bounded read, whatever the planner guesses about the box. Without one, a bbox is
    read from the GiST index (an order the btree cannot give keeps the planner from walking the whole table).
    Raises EmptyResultSet when no idea can match.
    """
    if filters.only_categories:
        return _map_page_ids(filters, limit=limit, after=after, offset=offset, window=window)
    if window is None:
        qs = idea_public_page(filters, after=after)
        if filters.bbox:
            qs = qs.order_by((F("created_at") + Value(timedelta(0))).desc(), "-id")
        return qs.values("id")[offset : offset + limit].query.sql_with_params()
    newest = idea_public_page(replace(filters, bbox=None), after=after).values("id", "created_at", "location")
    sql, params = newest[:window].query.sql_with_params()
    return _walked(sql, params, filters.bbox, limit, offset)


def _walked(newest_sql: str, params, bbox, limit: int, offset: int):
    page = (
        f"SELECT w.id FROM ({newest_sql}) w WHERE w.location @ ST_MakeEnvelope(%s, %s, %s, %s, 4326) "  # noqa: S608
        "ORDER BY w.created_at DESC, w.id DESC LIMIT %s OFFSET %s"
    )
    return page, (*params, *bbox, limit, offset)


def _map_page_ids(filters: IdeaFilter, *, limit: int, after: int | None, offset: int, window: int | None):
    """The map's shape (bbox and categories only; every map pan asks it) written out, the same statement the ORM
    builds for idea_public_page without the ORM's compilation on each request (tests/proposals/test_api.py
    compares both for every shape)."""
    where, params = [f"{_T}.visibility = 'published'"], []
    join = ""
    if filters.categories:
        join = f" INNER JOIN {Category._meta.db_table} c ON ({_T}.category_id = c.id)"
        where.append("c.slug = ANY(%s)")
        params.append(list(filters.categories))
    if after is not None:
        where.append(_AFTER_SQL)
        params.append(after)
    if window is not None:
        newest = (
            f"SELECT {_T}.id, {_T}.created_at, {_T}.location FROM {_T}{join} WHERE {' AND '.join(where)} "  # noqa: S608
            f"ORDER BY {_T}.created_at DESC, {_T}.id DESC LIMIT %s"
        )
        return _walked(newest, (*params, window), filters.bbox, limit, offset)
    order = f"{_T}.created_at DESC"
    if filters.bbox:
        where.append(f"{_T}.location @ ST_MakeEnvelope(%s, %s, %s, %s, 4326)")
        params.extend(filters.bbox)
        order = f"({_T}.created_at + interval '0') DESC"  # an order the btree cannot give: the GiST index reads
    sql = (
        f"SELECT {_T}.id FROM {_T}{join} WHERE {' AND '.join(where)} "  # noqa: S608 (names from the models)
        f"ORDER BY {order}, {_T}.id DESC LIMIT %s OFFSET %s"
    )
    return sql, (*params, limit, offset)


def idea_feature_collection(
    filters: IdeaFilter, *, limit: int, after: int | None = None, offset: int = 0
) -> FeaturePage:
    """One page of public ideas (newest first) as a GeoJSON FeatureCollection, built by PostgreSQL in one query
    (two when a walk through a bbox falls short)."""
    estimate = idea_area_estimate(filters.bbox, filters.categories) if filters.only_categories else None
    window = _walk_window(filters, estimate, offset + limit)
    page = _feature_page(filters, limit=limit, after=after, offset=offset, window=window)
    if window is not None and page.returned < limit:
        page = _feature_page(filters, limit=limit, after=after, offset=offset, window=None)
    return replace(page, estimate=estimate)


_LABELS_AND_PREFIX: dict[tuple[str, str], tuple[str, str]] = {}


def _labels_and_prefix() -> tuple[str, str]:
    """The status labels (JSON) in the active language and the detail URLs' prefix: the same on every request of
    a language and script prefix, so worked out once per process (five gettext calls and a reverse per page)."""
    key = (get_language(), get_script_prefix())
    if key not in _LABELS_AND_PREFIX:
        labels = json.dumps({value: str(label) for value, label in Idea.Status.choices})
        _LABELS_AND_PREFIX[key] = labels, reverse("proposals:detail", kwargs={"pk": 0}).removesuffix("0/")
    return _LABELS_AND_PREFIX[key]


def feature_page_sql(filters: IdeaFilter, *, limit: int, after: int | None, offset: int, window: int | None):
    """The statement of one page's FeatureCollection and its parameters (EmptyResultSet when nothing matches)."""
    ids_sql, ids_params = idea_page_ids(filters, limit=limit, after=after, offset=offset, window=window)
    statement = _FEATURES_SQL.format(
        ids=ids_sql, idea=Idea._meta.db_table, category=Category._meta.db_table, stadtteil=Stadtteil._meta.db_table
    )
    return statement, [*_labels_and_prefix(), *ids_params]


def _feature_page(filters: IdeaFilter, *, limit: int, after: int | None, offset: int, window: int | None):
    try:
        statement, params = feature_page_sql(filters, limit=limit, after=after, offset=offset, window=window)
    except EmptyResultSet:
        return FeaturePage(EMPTY_COLLECTION, 0, None)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        text, last_id, returned = cursor.fetchone()
    return FeaturePage(text, returned, last_id)


def idea_visible(pk: int, user, *, with_user_flags: bool = False) -> Idea | None:
    """The idea if `user` may see it (public, their own, or staff), with everything the page shows.

    `with_user_flags` adds `supported` and `following` for a signed-in user in the same query (the page asks
    both; two queries of their own cost more CPU than the two EXISTS columns)."""
    comments = Comment.objects.public().filter(parent=None).select_related("author")
    replies = Comment.objects.public().select_related("author")
    idea = (
        Idea.objects.select_related("category", "stadtteil", "project", "author")
        .defer(*RELATED_GEOMETRY, "project__area")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=comments.prefetch_related(Prefetch("replies", queryset=replies)),
                to_attr="top_comments",
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.all(), to_attr="history"),
        )
        .filter(pk=pk)
    )
    if with_user_flags and user.is_authenticated:
        idea = idea.annotate(
            supported=Exists(Support.objects.filter(idea=OuterRef("pk"), user=user)),
            following=Exists(Follow.objects.filter(idea=OuterRef("pk"), user=user)),
        )
    idea = idea.first()
    if idea is None or not user.has_perm("proposals.view_idea", idea):
        return None
    return idea


# What an idea's page needs besides its shared part (proposals.views.detail), in one statement without the ORM's
# compilation: the fields the page and the view rule read, the counters (never cached), the parts of the
# version that a change of the shared part moves, and the visitor's own support and follow.
_HEAD_SQL = f"""
SELECT i.id, i.title, i.visibility, i.author_id, i.status, i.support_count, i.comment_count, i.answered_at,
    (SELECT count(*) FROM {StatusChange._meta.db_table} h WHERE h.idea_id = i.id),
    (SELECT md5(string_agg(c.id::text, ',' ORDER BY c.id)) FROM {Comment._meta.db_table} c
     WHERE c.idea_id = i.id AND NOT c.is_hidden),
    EXISTS (SELECT FROM {Support._meta.db_table} s WHERE s.idea_id = i.id AND s.user_id = $2),
    EXISTS (SELECT FROM {Follow._meta.db_table} f WHERE f.idea_id = i.id AND f.user_id = $2)
FROM {Idea._meta.db_table} i WHERE i.id = $1
"""  # noqa: S608 (table names from the models)


@dataclass(frozen=True)
class IdeaHead:
    idea: Idea  # an unsaved instance with the fields above (pk, title, visibility, author, status, counters)
    version: str  # changes with the status, an answer, a comment (added or hidden), the visibility
    supported: bool
    following: bool


def idea_head(pk: int, user) -> IdeaHead | None:
    """The idea's head if it exists (who may see it is the caller's rule to ask, on `head.idea`)."""
    if pk not in BIGINT:  # a key no idea can have (the URL takes any digits): none, as the ORM answers
        return None
    row = prepared.fetch_one(
        "klmw_idea_head", _HEAD_SQL, "bigint, bigint", [pk, user.pk if user.is_authenticated else None]
    )
    if row is None:
        return None
    pk, title, visibility, author_id, status, supports, comments, answered_at, changes, shown, supported, following = (
        row
    )
    idea = Idea(
        pk=pk, title=title, visibility=visibility, author_id=author_id, status=status,
        support_count=supports, comment_count=comments, answered_at=answered_at,
    )  # fmt: skip
    # `shown` names the set of comments not hidden, not only their number: a hide and a new comment leave the
    # count as it was, and the page of before the hide (with the hidden text) must not come back.
    version = f"{visibility}.{status}.{comments}.{changes}.{answered_at.timestamp() if answered_at else ''}.{shown}"
    return IdeaHead(idea, version, supported, following)


def projects_open_for_ideas() -> QuerySet[Project]:
    now = timezone.now()
    return Project.objects.filter(ideas_open_from__lte=now).filter(
        Q(ideas_open_until=None) | Q(ideas_open_until__gt=now)
    )


def idea_page_list(filters: IdeaFilter) -> QuerySet[Idea]:
    """The list beside the map: the same ideas as the API, with what a list row shows."""
    return (
        idea_public_list(filters)
        .select_related("category", "stadtteil")
        .defer(*RELATED_GEOMETRY)
        .order_by("-created_at", "-id")
    )


# The idea's page on a cache miss (proposals.views.detail): the idea with its category, Stadtteil, project,
# author, history and visible comments in one statement without the ORM's compilation (idea_visible's query
# with its three prefetches cost 4.5 ms of CPU in process, this one 0.3 ms). The comments are the public ones
# (CommentQuerySet.public: not hidden, not under a hidden comment), both lists in the models' order. Prepared once
# per connection (edge.prepared): planning it cost more of PostgreSQL's CPU than running it.
_PAGE_SQL = f"""
SELECT i.visibility, i.author_id, i.title, i.description, i.photo, i.status, i.official_answer, i.answered_at,
    i.moderation_reason, i.created_at, i.support_count, i.comment_count, ST_X(i.location), ST_Y(i.location),
    c.name, c.color, s.name, s.slug, p.title, a.display_name,
    (SELECT json_agg(json_build_array(h.status, h.answer, h.created_at) ORDER BY h.created_at, h.id)
     FROM {StatusChange._meta.db_table} h WHERE h.idea_id = i.id),
    (SELECT json_agg(json_build_array(m.id, m.parent_id, m.text, m.created_at, u.display_name)
                     ORDER BY m.created_at, m.id)
     FROM {Comment._meta.db_table} m JOIN {User._meta.db_table} u ON u.id = m.author_id
     LEFT JOIN {Comment._meta.db_table} t ON t.id = m.parent_id
     WHERE m.idea_id = i.id AND NOT m.is_hidden AND NOT coalesce(t.is_hidden, false))
FROM {Idea._meta.db_table} i
JOIN {Category._meta.db_table} c ON c.id = i.category_id
JOIN {Stadtteil._meta.db_table} s ON s.id = i.stadtteil_id
JOIN {User._meta.db_table} a ON a.id = i.author_id
LEFT JOIN {Project._meta.db_table} p ON p.id = i.project_id
WHERE i.id = $1
"""  # noqa: S608 (table names from the models)


def idea_page(pk: int) -> Idea | None:
    """The idea as its page shows it (`top_comments` with `shown_replies`, `history`, the related rows with the
    fields the page reads), whoever asks; who may see it is the caller's rule to ask."""
    if pk not in BIGINT:
        return None
    row = prepared.fetch_one("klmw_idea_page", _PAGE_SQL, "bigint", [pk])
    if row is None:
        return None
    (visibility, author_id, title, description, photo, status, answer, answered_at, reason, created_at, supports,
     comments, lon, lat, category, color, stadtteil, slug, project, author, history, rows) = row  # fmt: skip
    idea = Idea(
        pk=pk, visibility=visibility, author_id=author_id, title=title, description=description, photo=photo,
        status=status, official_answer=answer, answered_at=answered_at, moderation_reason=reason,
        created_at=created_at, support_count=supports, comment_count=comments,
    )  # fmt: skip
    idea.category = Category(name=category, color=color)
    idea.stadtteil = Stadtteil(name=stadtteil, slug=slug)
    idea.project = Project(title=project) if project is not None else None
    idea.author = User(pk=author_id, display_name=author)
    idea.map_point = {"lon": lon, "lat": lat}
    idea.history = [StatusChange(status=s, answer=a, created_at=_timestamp(t), idea=idea) for s, a, t in history or ()]
    top, replies = [], {}
    for comment_id, parent_id, text, at, name in rows or ():
        comment = Comment(pk=comment_id, parent_id=parent_id, text=text, created_at=_timestamp(at), idea=idea)
        comment.author = User(display_name=name)
        if parent_id is None:
            comment.shown_replies = replies.setdefault(comment_id, [])
            top.append(comment)
        else:
            replies.setdefault(parent_id, []).append(comment)
    idea.top_comments = top
    return idea


def _timestamp(text: str):
    """A timestamptz from json_build_array (ISO 8601 with the offset of the connection's time zone, UTC)."""
    return datetime.fromisoformat(text)
