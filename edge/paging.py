"""Cheap counts for paginated lists (docs/performance.md, "Counting and paging").

A page never counts more than COUNT_CAP rows: PostgreSQL stops after the cap (COUNT over a LIMIT subquery,
an index-only scan), so page 1 of a million ideas costs what page 1 of ten thousand costs. Beyond the cap a
list says "more than 10,000" and is paged further by key (APIs) or narrowed by filters (pages).
"""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


def capped_count(queryset, cap: int = COUNT_CAP) -> int:
    """The number of rows, but at most `cap + 1` (so callers can tell "exactly cap" from "more")."""
    return queryset.order_by().values("pk")[: cap + 1].count()


class CappedPaginator(Paginator):
    """Django's paginator whose count stops at COUNT_CAP; `is_capped` says that more rows exist."""

    cap = COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        return capped_count(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap


def paginate(request, object_list, per_page: int, *, param: str = "seite"):
    """The page that `?seite=` asks for (capped count), and the rest of the query for the pagination partial's
    links (templates/_pagination.html), so that filters survive turning the page."""
    page = CappedPaginator(object_list, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()
