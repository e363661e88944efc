"""Contributions over time, top categories and the most supported ideas per Stadtteil."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from dashboard.cache import IDEAS, RESPONSES, SUPPORTS, cached
from dashboard.filters import Filters
from dashboard.selectors import base
from geo.disclosure import publish
from geo.models import Stadtteil
from proposals.models import Category, Idea


def weekly(filters: Filters, *, exact: bool = False) -> dict:
    """{"categories": [names], "weeks": [{"week": date, "counts": [n per category], "ideas": n,
    "responses": n}]}: ideas per week (Monday, local time) and category, and survey respondents per week
    (people, not responses).

    Ideas are public and exact; responses pass the disclosure policy unless `exact` (None: withheld)."""

    def build():
        ideas = base.idea_sums(filters, ("week", "category_id"))
        responses = base.people_per_week(filters)
        used = {row["category_id"] for row in ideas}
        categories = [c for c in Category.objects.all() if c.pk in used]
        weeks: dict = {}
        for row in ideas:
            weeks.setdefault(row["week"], {})[row["category_id"]] = row["n"]
        answered = {week: publish(n, key or 0, exact=exact).count for week, n, key in responses}
        rows = []
        for week in sorted(set(weeks) | set(answered)):
            counts = [weeks.get(week, {}).get(c.pk, 0) for c in categories]
            withheld = 0 if exact else None  # a week without responses is a cell of 0: withheld like 1 to 5
            responses = answered.get(week, withheld)
            rows.append({"week": week, "counts": counts, "ideas": sum(counts), "responses": responses})
        return {"categories": [c.name for c in categories], "weeks": rows}

    return cached("weekly", {**filters.key(), "exact": exact}, build, sources=(IDEAS, RESPONSES))


def top_categories(filters: Filters, *, limit: int = 10) -> list[dict]:
    """The categories with the most ideas: summed from the weekly counts (same ideas, same filters), which
    the trends page reads anyway, rather than a second pass over every idea."""
    counts = weekly(filters)
    totals = [
        {"name": name, "ideas": sum(week["counts"][i] for week in counts["weeks"])}
        for i, name in enumerate(counts["categories"])
    ]
    return sorted(totals, key=lambda c: (-c["ideas"], c["name"]))[:limit]


def top_per_stadtteil(filters: Filters, *, limit: int = 3, public: bool = False) -> list[dict]:
    """Per Stadtteil (by number): its top categories and its most supported ideas, `limit` each."""

    def build():
        # Per Stadtteil its `limit` most supported ideas, each an index read of `limit` entries
        # (idea_stadtteil_supported), then those ideas: not a window over every idea.
        ideas = base.ideas(filters, public=public)
        tops = Stadtteil.objects.annotate(
            top=ArraySubquery(
                ideas.filter(stadtteil_id=OuterRef("pk")).order_by("-support_count", "id").values("id")[:limit]
            )
        ).values_list("top", flat=True)
        chosen = [pk for top in tops for pk in top]
        rows = Idea.objects.filter(pk__in=chosen).values(
            "id", "title", "support_count", "status", "official_answer", "stadtteil_id", "category__name"
        )
        top_ideas, ranks = [], {}
        for row in sorted(rows, key=lambda r: (-r["support_count"], r["id"])):
            ranks[row["stadtteil_id"]] = ranks.get(row["stadtteil_id"], 0) + 1
            top_ideas.append({**row, "rank": ranks[row["stadtteil_id"]]})
        names = dict(Category.objects.values_list("id", "name"))
        counted = base.idea_sums(filters, ("stadtteil_id", "category_id"), public=public)
        categories = sorted(
            ({"stadtteil_id": r["stadtteil_id"], "name": names[r["category_id"]], "ideas": r["n"]} for r in counted),
            key=lambda r: (-r["ideas"], r["name"]),
        )
        out = {
            s.pk: {"number": s.number, "name": s.name, "ideas": [], "categories": []} for s in Stadtteil.objects.all()
        }
        for row in sorted(top_ideas, key=lambda r: r["rank"]):
            out[row["stadtteil_id"]]["ideas"].append(row)
        for row in categories:
            if len(out[row["stadtteil_id"]]["categories"]) < limit:
                out[row["stadtteil_id"]]["categories"].append(row)
        return sorted(out.values(), key=lambda s: s["number"])

    key = {**filters.key(), "public": public, "limit": limit}
    return cached("top-per-stadtteil", key, build, sources=(IDEAS, SUPPORTS))


def answered_ideas(filters: Filters, *, limit: int = 10) -> list[dict]:
    """The most supported published ideas that have an official answer of the city."""
    return list(
        base.ideas(filters, public=True)
        .exclude(official_answer="")
        .order_by("-support_count", "id")
        .values("id", "title", "support_count", "official_answer", "category__name")[:limit]
    )
