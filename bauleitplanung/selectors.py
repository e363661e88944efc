"""Reads of the procedure: what the public sees (steps, counts, the published decision) and staff lists."""

from django.db.models import Count, QuerySet

from bauleitplanung.models import PlanVersion, Procedure, Statement, Step
from bauleitplanung.xplan import codelists
from layers.models import Project


def procedure_of(project: Project) -> Procedure | None:
    return Procedure.objects.filter(project=project).first()


def steps_with_counts(procedure: Procedure) -> list[Step]:
    """The steps in order, each with `statement_count` (how many arrived: public, without names)."""
    return list(procedure.steps.select_related("plan_version").annotate(statement_count=Count("statements")))


def current_version(procedure: Procedure) -> PlanVersion | None:
    return procedure.versions.order_by("-number").first()


def open_public_step(procedure: Procedure, at=None) -> Step | None:
    """The running public step (the latest started if two overlap)."""
    running = [s for s in procedure.steps.order_by("-starts_on", "-id") if s.is_public and s.is_open(at)]
    return running[0] if running else None


def version_changes(version: PlanVersion) -> dict[str, list[tuple[str, str]]] | None:
    """Features added, removed and changed against the previous version, as (gml:id, class title); None for
    the first version."""
    previous = (
        PlanVersion.objects.filter(procedure_id=version.procedure_id, number__lt=version.number)
        .order_by("-number")
        .only("fingerprints")
        .first()
    )
    if previous is None:
        return None
    old, new = previous.fingerprints, version.fingerprints

    def listed(ids, source):
        return sorted((gml_id, codelists.class_title(source[gml_id][0])) for gml_id in ids)

    return {
        "added": listed(new.keys() - old.keys(), new),
        "removed": listed(old.keys() - new.keys(), old),
        "changed": listed({k for k in new.keys() & old.keys() if new[k][1] != old[k][1]}, new),
    }


def statement_list(*, procedure: Procedure, step: str = "", channel: str = "", late: str = "", q: str = "") -> QuerySet:
    """Staff list (rule bauleitplanung.view_statements), newest first, filtered by the given values."""
    statements = Statement.objects.filter(procedure=procedure).select_related("step").order_by("-number")
    if step.isdigit():
        statements = statements.filter(step_id=int(step))
    if channel in Statement.Channel.values:
        statements = statements.filter(channel=channel)
    if late in ("1", "0"):
        statements = statements.filter(is_late=late == "1")
    if q:
        statements = statements.filter(text__icontains=q[:100])
    return statements


def statement_results(statement: Statement) -> list[tuple[str, str, str]]:
    """(concern, decision label, reasoning) of a statement: its group's, or one row per concern."""
    if statement.group_id:
        group = statement.group
        return [(group.summary, group.get_decision_display(), group.decision_reason)]
    return [(c.summary, c.get_decision_display(), c.decision_reason) for c in statement.concerns.all()]


def sender_label(statement: Statement) -> str:
    """Who wrote it, without a private person's name: "Bürger:in 17" or the agency's name."""
    from django.utils.translation import gettext as _

    if statement.channel == Statement.Channel.AGENCY:
        return statement.name
    return _("Bürger:in %(n)d") % {"n": statement.number}


def published_weighing(procedure: Procedure):
    """After the council's decision: each statement's number and step with its results, without names."""
    if not procedure.decision_published_at:
        return Statement.objects.none()
    return (
        Statement.objects.filter(procedure=procedure)
        .select_related("step", "group")
        .prefetch_related("concerns")
        .order_by("number")
    )
