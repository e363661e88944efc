"""The staff start page: one place that links every staff tool the person may use.

The tools are declared once below; the page shows each section whose tools the person may use, and of those
only the tools their permissions allow (tests/config/test_staff_start.py opens every tool as every role)."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bauleitplanung.models import Procedure
from edge.permissions import permission_required
from layers.selectors import project_list
from layers.staff_views import PROJECT_TOOLS

PROJECTS_SHOWN = 15


@dataclass(frozen=True)
class Tool:
    label: str
    url: str  # URL name; a tool in an `Each` takes the object's slug
    perm: str


@dataclass(frozen=True)
class Each:
    """One line per object (`projects`, or `procedures`: projects with a formal procedure): its title, then its
    tools; with `titled`, each label names the object itself (%(title)s) and the line has no title of its own."""

    objects: str
    tools: tuple[Tool, ...]
    titled: bool = False


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    tools: tuple[Tool | Each, ...]
    empty: str = ""  # the line shown when an `Each` has no objects and nothing else is listed


ALL_PROJECTS = "layers:project-list"
PLANNER, REVIEWER, PROCEDURES = "layers.add_project", "feedback.view_review", "bauleitplanung.view_statements"
DASHBOARD = "dashboard.view_dashboard"

SECTIONS = (
    Section("ideas", _("Ideen"), (
        Tool(_("Moderation: Ideen, Kommentare und Meldungen prüfen"), "proposals:moderation",
             "proposals.view_moderation"),
        Tool(_("Kategorien verwalten"), "admin:proposals_category_changelist", "proposals.manage_categories"),
    )),
    Section("surveys", _("Umfragen"), (
        Tool(_("Umfragen verwalten"), "surveys:manage", "surveys.add_survey"),
        Tool(_("Neue Umfrage anlegen"), "surveys:manage-create", "surveys.add_survey"),
    )),
    Section("projects", _("Vorhaben und Kartenebenen"), (
        Tool(_("Neues Vorhaben anlegen"), "layers:project-create", PLANNER),
        Each("projects", tuple(Tool(label, url, PLANNER) for url, label in PROJECT_TOOLS)),
        Tool(_("Alle Vorhaben"), ALL_PROJECTS, PLANNER),
    )),
    Section("weighing", _("Rückmeldungen zu Plänen: Abwägung"), (
        Each("projects", (Tool(_("Abwägung: %(title)s"), "feedback:review", REVIEWER),), titled=True),
        Tool(_("Alle Vorhaben"), ALL_PROJECTS, REVIEWER),
    )),
    Section("procedure", _("Bauleitplanung: Stellungnahmen und Abwägung"), (
        Each("procedures", (
            Tool(_("Stellungnahmen und Abwägung"), "bauleitplanung:statements", PROCEDURES),
            Tool(_("Behörden beteiligen"), "bauleitplanung:agencies", "bauleitplanung.manage_agencies"),
            Tool(_("Verfahrensschritte und Bekanntmachungen"), "bauleitplanung:steps", "bauleitplanung.run_procedure"),
            Tool(_("Neue Planfassung hochladen"), "bauleitplanung:plan-upload", "bauleitplanung.import_plan"),
        )),
    ), empty=_("Noch kein Vorhaben hat ein förmliches Verfahren.")),
    Section("alerts", _("Benachrichtigungen"), (
        Tool(_("Wie viele Menschen jedem Stadtteil folgen"), "alerts:followers", "alerts.view_followers"),
    )),
    Section("reports", _("Auswertung"), (
        Tool(_("Stadtteile: Zahlen und Karte"), "dashboard:index", DASHBOARD),
        Tool(_("Dichtekarte"), "dashboard:density", DASHBOARD),
        Tool(_("Verlauf und Spitzen"), "dashboard:trends", DASHBOARD),
        Tool(_("GIS-Exporte und Dienste"), "geo:gis", DASHBOARD),
        Tool(_("Themen, Dubletten und Massen-Einwendungen"), "overview:index", "overview.view_overview"),
    )),
    Section("pages", _("Kontakt und rechtliche Seiten"), (
        Tool(_("Kontaktanfragen und gemeldete Barrieren beantworten"), "pages:inbox", "pages.view_contactmessage"),
        Tool(_("Video in Gebärdensprache für die Startseite"), "pages:sign-video", "pages.change_signlanguagevideo"),
        Tool(_("Impressum, Datenschutz, Barrierefreiheit, Nutzungsbedingungen und Kontakt bearbeiten"),
             "pages:edit-list", "pages.change_legalpage"),
    )),
    Section("admin", _("Administration"), (
        Tool(_("Django-Administration (Konten, Rollen, Daten)"), "admin:index", "proposals.manage_categories"),
    )),
)  # fmt: skip


def _objects(kind: str) -> list:
    if kind == "procedures":
        return [
            p.project
            for p in Procedure.objects.select_related("project")
            .only("project__slug", "project__title")
            .order_by("-project__updated_at")[:PROJECTS_SHOWN]
        ]
    return list(project_list().defer("area", "body").order_by("-updated_at")[:PROJECTS_SHOWN])


def _lines(tools: tuple[Tool | Each, ...], user, objects: dict[str, list]) -> list[dict]:
    """The section's list items: {"title": the object's title or None, "links": [(label, url), …]}."""
    lines = []
    for tool in tools:
        if isinstance(tool, Tool):
            if user.has_perm(tool.perm):
                lines.append({"title": None, "links": [(tool.label, reverse(tool.url))]})
            continue
        allowed = [t for t in tool.tools if user.has_perm(t.perm)]
        if not allowed:
            continue
        if tool.objects not in objects:
            objects[tool.objects] = _objects(tool.objects)
        for obj in objects[tool.objects]:
            labels = [str(t.label) % {"title": obj.title} if tool.titled else t.label for t in allowed]
            links = [(label, reverse(t.url, args=[obj.slug])) for label, t in zip(labels, allowed, strict=True)]
            lines.append({"title": None if tool.titled else obj.title, "links": links})
    return lines


def _allowed(section: Section, user) -> bool:
    tools = [t for tool in section.tools for t in (tool.tools if isinstance(tool, Each) else (tool,))]
    return any(user.has_perm(t.perm) for t in tools)


@permission_required("accounts.view_staff_start")
def staff_start(request):
    objects: dict[str, list] = {}  # read once, for the first section that lists them
    sections = [
        {"id": s.id, "title": s.title, "lines": _lines(s.tools, request.user, objects), "empty": s.empty}
        for s in SECTIONS
        if _allowed(s, request.user)
    ]
    return render(request, "staff_start.html", {"sections": sections})
