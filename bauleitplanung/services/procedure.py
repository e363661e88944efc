"""The procedure and its steps; the legal minimum of a Veröffentlichung is checked here, once."""

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bauleitplanung.models import PlanVersion, Procedure, Step
from edge.permissions import require
from layers.models import Project

STEP_FIELDS = ("kind", "starts_on", "ends_on", "notice_text", "notice_date", "plan_version")
MIN_DAYS = 30


def _add_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def min_publication_end(starts_on: date) -> date:
    """§ 3 Abs. 2 BauGB: published for one month, at least for 30 days; the first day counts."""
    return max(_add_month(starts_on) - timedelta(days=1), starts_on + timedelta(days=MIN_DAYS - 1))


@transaction.atomic
def procedure_create(*, project: Project, actor, plan_kind: str = Procedure.PlanKind.BPLAN) -> Procedure:
    require(actor, "bauleitplanung.run_procedure", project)
    procedure = Procedure(project=project, plan_kind=plan_kind)
    procedure.full_clean()
    procedure.save()
    return procedure


def _check(step: Step) -> None:
    if step.ends_on < step.starts_on:
        raise ValidationError({"ends_on": _("Das Ende darf nicht vor dem Beginn liegen.")})
    earliest = min_publication_end(step.starts_on)
    if step.kind == Step.Kind.VEROEFFENTLICHUNG and step.ends_on < earliest:
        raise ValidationError(
            {
                "ends_on": _(
                    "§ 3 Abs. 2 BauGB: Die Veröffentlichung dauert mindestens einen Monat, mindestens jedoch "
                    "30 Tage. Bei Beginn am %(start)s endet sie frühestens am %(end)s."
                )
                % {"start": step.starts_on.strftime("%d.%m.%Y"), "end": earliest.strftime("%d.%m.%Y")}
            }
        )
    if step.plan_version is not None and step.plan_version.procedure_id != step.procedure_id:
        raise ValidationError({"plan_version": _("Diese Planfassung gehört zu einem anderen Verfahren.")})
    if step.notice_date is not None and step.notice_date > step.starts_on:
        raise ValidationError(
            {"notice_date": _("Die Bekanntmachung muss vor dem Beginn des Schritts oder an seinem ersten Tag liegen.")}
        )


@transaction.atomic
def step_create(
    *,
    procedure: Procedure,
    actor,
    kind: str,
    starts_on: date,
    ends_on: date,
    notice_text: str = "",
    notice_date: date | None = None,
    plan_version: PlanVersion | None = None,
) -> Step:
    require(actor, "bauleitplanung.run_procedure", procedure)
    step = Step(procedure=procedure, kind=kind, starts_on=starts_on, ends_on=ends_on, notice_text=notice_text,
                notice_date=notice_date, plan_version=plan_version)  # fmt: skip
    _check(step)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_update(*, step: Step, actor, data: dict) -> Step:
    require(actor, "bauleitplanung.run_procedure", step.procedure)
    for field in STEP_FIELDS:
        if field in data:
            setattr(step, field, data[field])
    _check(step)
    step.full_clean()
    step.save()
    return step
