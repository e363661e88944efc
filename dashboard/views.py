"""Staff dashboard pages and their exports; public results pages. Thin: selectors do the work."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from dashboard import classes, exports, maps
from dashboard.chart import trend_chart
from dashboard.filters import FIXED_GRID_M, FilterForm, Filters, Level, Measure
from dashboard.selectors import context, districts, grid, trends
from edge import tables
from geo.disclosure import SHOWN_FROM
from geo.selectors import name_places
from layers.models import Project
from proposals.models import Category, Idea
from surveys.models import Question, Survey

SORTABLE = ["number", "name", "population", "ideas", "ideas_per_1000", "supports", "responses", "share"]


def columns(*, survey: bool, ideas: bool = True) -> list[tuple[str, str]]:
    cols = [("number", _("Nr.")), ("name", _("Gebiet")), ("population", _("Einwohner:innen"))]
    if ideas:
        cols += [
            ("ideas", _("Ideen")),
            ("ideas_per_1000", _("Ideen je 1.000 Einw.")),
            ("supports", _("Unterstützungen")),
        ]
    cols.append(("responses", _("Umfrage-Teilnahmen")))
    return [*cols, ("share", _("Anteil der Antwort"))] if survey else cols


class FilteredView(View):
    def dispatch(self, request, *args, **kwargs):
        self.form = FilterForm(request.GET or None)
        self.filters = self.form.filters()
        self.exact = request.user.has_perm("surveys.view_exact_answers")
        self.chosen = self.filters
        if not self.exact:  # fixed windows and grid sizes, see Filters.fixed
            self.filters = self.filters.fixed()
            self._explain_fixed()
        return super().dispatch(request, *args, **kwargs)

    def _explain_fixed(self) -> None:
        """Say what the fixed filters show, on the bound fields (they copied their help text when the form
        was validated)."""
        if self.filters.month:
            month = date_format(self.filters.month, "YEAR_MONTH_FORMAT")
            self.form["date_from"].help_text = _(
                "Gezeigt: %(month)s. Ohne Recht auf genaue Zahlen gilt ein ganzer Kalendermonat."
            ) % {"month": month}
        sizes = ", ".join(str(size) for size in FIXED_GRID_M)
        self.form["cell"].help_text = _("Ohne Recht auf genaue Zahlen: %(sizes)s m.") % {"sizes": sizes}


class StaffView(PermissionRequiredMixin, FilteredView):
    """Anonymous visitors go to the login page, signed-in users without the permission get 403; the
    permission is checked before the filters are read."""

    permission_required = "dashboard.view_dashboard"


def sorted_rows(rows: list[dict], request) -> tuple[list[dict], str, bool]:
    key = request.GET.get("sort") if request.GET.get("sort") in SORTABLE else "number"
    descending = request.GET.get("dir") == "desc"
    present = [r for r in rows if r[key] is not None]
    missing = [r for r in rows if r[key] is None]
    present.sort(key=lambda r: r[key], reverse=descending)
    return present + missing, key, descending


def map_values(rows: list[dict], filters: Filters) -> dict:
    return {r["id"]: r[filters.measure] for r in rows}


def district_table(rows: list[dict]) -> tuple[list[str], list[list]]:
    header = [
        _("Nummer"), _("Gebiet"), _("Einwohner:innen"), _("Ideen"), _("Ideen je 1.000 Einwohner:innen"),
        _("Unterstützungen"), _("Umfrage-Teilnahmen"), _("Antworten auf die Frage"), _("Anteil der Antwort (%)"),
    ]  # fmt: skip
    body = [
        [r["number"], r["name"], r["population"], r["ideas"], r["ideas_per_1000"], r["supports"], r["responses"],
         r["answered"], r["share"]]
        for r in rows
    ]  # fmt: skip
    return header, body


def choropleth_for(filters: Filters, rows: list[dict], *, basemap: bool = True):
    label = str(Measure.LABELS[filters.measure])
    m, legend = maps.choropleth(districts.district_shapes(filters.level), map_values(rows, filters), label=label,
                                basemap=basemap)  # fmt: skip
    return m, legend, label


def row_colors(rows: list[dict], filters: Filters, legend: list) -> dict:
    """Each district's fill, from the legend's breaks: the table shows the map's classes."""
    bounds = [k.high for k in legend]
    return {r["id"]: classes.color(classes.classify(r[filters.measure], bounds), bounds) for r in rows}


class DashboardView(StaffView):
    def get(self, request):
        rows = districts.district_rows(self.filters, exact=self.exact)
        m, legend, label = choropleth_for(self.filters, rows)
        context_map = context.project_layers(self.filters.project_id)
        if context_map:
            maps.add_context(m, context_map)
        rows, sort, descending = sorted_rows(rows, request)
        return render(request, "dashboard/index.html", {
            "form": self.form, "filters": self.filters, "rows": rows, "legend": legend, "label": label,
            "map": maps.embed(m), "sort": sort, "descending": descending, "query": _query(request),
            "colors": row_colors(rows, self.filters, legend),
            "exact": self.exact, "tab": "districts", "columns": columns(survey=bool(self.filters.choice_id)),
        })  # fmt: skip


def density_grid(filters: Filters, *, exact: bool) -> tuple[dict, str, dict | None]:
    """The map answers' grid when a map question is chosen, else the ideas' grid (both cached)."""
    answers = grid.answer_grid(filters, exact=exact)
    collection = answers if answers is not None else grid.idea_grid(filters)
    label = _("Kartenantworten je Zelle") if answers is not None else _("Ideen je Zelle")
    return collection, label, answers


def density_map(filters: Filters, *, exact: bool):
    collection, label, answers = density_grid(filters, exact=exact)
    m, legend = maps.density(collection, label=label, context=context.project_layers(filters.project_id))
    return m, legend, label, collection, answers


def density_title(filters: Filters, label: str) -> str:
    """The measure, the cells and every active filter, so a PNG shown out of context still says what it counts."""
    shape = _("Sechsecke") if filters.hexagons else _("Quadrate")
    parts = [f"{label} ({filters.cell_m} m, {shape})"]
    named = [
        (_("Vorhaben"), Project, filters.project_id, "title"), (_("Kategorie"), Category, filters.category_id, "name"),
        (_("Umfrage"), Survey, filters.survey_id, "title"), (_("Frage"), Question, filters.question_id, "text"),
    ]  # fmt: skip
    parts += [f"{name}: {getattr(get_object_or_404(model, pk=pk), attr)}" for name, model, pk, attr in named if pk]
    if filters.status:
        parts.append(f"{_('Status')}: {Idea.Status(filters.status).label}")
    if filters.date_from or filters.date_to:
        start = date_format(filters.date_from, "SHORT_DATE_FORMAT") if filters.date_from else "…"
        end = date_format(filters.date_to, "SHORT_DATE_FORMAT") if filters.date_to else "…"
        parts.append(f"{start} – {end}")
    return "\n".join(parts)


class DensityView(StaffView):
    def get(self, request):
        m, legend, label, collection, answers = density_map(self.filters, exact=self.exact)
        densest = sorted(collection["features"], key=lambda f: -f["properties"]["count"])[:15]
        centres = [_centre(f["geometry"]) for f in densest]
        names = name_places(centres)  # "Innenstadt-Ost, Nähe Fackelstraße" reads better than lon/lat
        cells = [{**name, "count": f["properties"]["count"]} for f, name in zip(densest, names, strict=True)]
        return render(request, "dashboard/density.html", {
            "form": self.form, "filters": self.filters, "map": maps.embed(m), "legend": legend, "label": label,
            "cells": cells, "cell_count": len(collection["features"]), "query": _query(request), "tab": "density",
            "answers": answers is not None,
        })  # fmt: skip


class FilterChoicesView(StaffView):
    """The question and answer lists the filter form offers for the given survey and question, for the script
    that refreshes them without a page load."""

    def get(self, request):
        return JsonResponse({
            name: [[str(value), str(label)] for value, label in self.form.fields[name].choices]
            for name in ("question", "choice")
        })  # fmt: skip


class TrendsView(StaffView):
    def get(self, request):
        weekly = trends.weekly(self.filters, exact=self.exact)
        return render(request, "dashboard/trends.html", {
            "form": self.form, "filters": self.filters, "weekly": weekly, "chart": trend_chart(weekly["weeks"]),
            "top_categories": trends.top_categories(self.filters),
            "per_stadtteil": trends.top_per_stadtteil(self.filters), "query": _query(request), "tab": "trends",
            "exact": self.exact, "shown_from": SHOWN_FROM,
        })  # fmt: skip


class TableExportView(StaffView):
    def get(self, request, table: str, fmt: str):
        if fmt not in {"csv", "xlsx"}:
            raise Http404
        if table == "gebiete":
            header, body = district_table(sorted_rows(districts.district_rows(self.filters, exact=self.exact),
                                                      request)[0])  # fmt: skip
        elif table == "verlauf":
            weekly = trends.weekly(self.filters, exact=self.exact)
            header = [_("Woche ab"), *weekly["categories"], _("Ideen gesamt"), _("Umfrage-Teilnahmen")]
            body = [[w["week"], *w["counts"], w["ideas"], w["responses"]] for w in weekly["weeks"]]
        elif table == "top-ideen":
            header = [_("Nummer"), _("Stadtteil"), _("Rang"), _("Idee"), _("Kategorie"), _("Unterstützungen"),
                      _("Status")]  # fmt: skip
            body = [
                [s["number"], s["name"], i["rank"], i["title"], i["category__name"], i["support_count"], i["status"]]
                for s in trends.top_per_stadtteil(self.filters) for i in s["ideas"]
            ]  # fmt: skip
        else:
            raise Http404
        name = f"klmitwirkung-{table}-{timezone.localdate():%Y-%m-%d}"
        if fmt == "csv":
            response = HttpResponse(tables.csv_bytes(header, body), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                tables.xlsx_bytes(tables.Sheet(header, body, title=table)),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


class MapExportView(StaffView):
    def get(self, request, fmt: str):
        if fmt not in {"html", "png"}:
            raise Http404
        rows = districts.district_rows(self.filters, exact=self.exact)
        name = f"klmitwirkung-karte-{timezone.localdate():%Y-%m-%d}"
        label = str(Measure.LABELS[self.filters.measure])
        if fmt == "png" and request.GET.get("map") == "dichte":
            collection, label, _answers = density_grid(self.filters, exact=self.exact)
            data = exports.density_png(grid=collection, title=density_title(self.filters, label))
            response = HttpResponse(data, content_type="image/png")
        elif fmt == "png":
            table = "geo_ortsbezirk" if self.filters.level == Level.ORTSBEZIRK else "geo_stadtteil"
            data = exports.choropleth_png(level_table=table, values=map_values(rows, self.filters), title=label)
            response = HttpResponse(data, content_type="image/png")
        else:
            if request.GET.get("map") == "dichte":
                m, legend, label, *_rest = density_map(self.filters, exact=self.exact)
            else:
                m, legend, label = choropleth_for(self.filters, rows)
            legend_html = render_to_string("dashboard/_legend.html", {"legend": legend, "label": label})
            response = HttpResponse(maps.standalone(m, title=label, legend_html=legend_html), content_type="text/html")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


def project_results(request, slug: str):
    """Public: ideas of the project per Stadtteil, released survey responses (withheld below 6) and the
    city's answers to the most supported ideas."""
    project = get_object_or_404(Project, slug=slug)
    filters = Filters(project_id=project.pk, level=request.GET.get("level") or Level.STADTTEIL)
    if filters.level not in {Level.STADTTEIL, Level.ORTSBEZIRK}:
        raise Http404
    return _public(request, filters, title=project.title, back=project.get_absolute_url(), project=project)


def survey_results(request, slug: str):
    survey = get_object_or_404(Survey, slug=slug)
    if not survey.results_released():
        raise Http404
    filters = Filters(survey_id=survey.pk, measure=Measure.RESPONSES)
    return _public(request, filters, title=survey.title, back=survey.get_absolute_url(), survey=survey)


def _public(request, filters: Filters, *, title: str, back: str, **extra):
    ideas = bool(filters.project_id)  # a survey's results are about its respondents, not the city's ideas
    rows = districts.district_rows(filters, public=True, ideas=ideas)
    m, legend, label = choropleth_for(filters, rows)
    rows, sort, descending = sorted_rows(rows, request)
    answered = trends.answered_ideas(filters) if filters.project_id else []
    return render(request, "dashboard/public_results.html", {
        "title": title, "back": back, "rows": rows, "legend": legend, "label": label, "map": maps.embed(m),
        "sort": sort, "descending": descending, "answered": answered, "filters": filters,
        "colors": row_colors(rows, filters, legend), "columns": columns(survey=False, ideas=ideas),
        "shown_from": SHOWN_FROM, "query": _query(request), **extra,
    })  # fmt: skip


def _centre(polygon: dict) -> tuple[float, float]:
    """The mean of a square's or hexagon's corners (the closing point counted once) is its centre."""
    ring = polygon["coordinates"][0][:-1]
    return sum(x for x, _y in ring) / len(ring), sum(y for _x, y in ring) / len(ring)


def _query(request) -> str:
    """The filters of the current request, for links that keep them (sort, export)."""
    params = request.GET.copy()
    for key in ("sort", "dir"):
        params.pop(key, None)
    return params.urlencode()
