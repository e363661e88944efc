from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bauleitplanung.selectors import version_changes
from bauleitplanung.services.plans import MAX_BYTES, plan_import
from bauleitplanung.xplan.parse import XPlanError
from layers.models import Project


class Command(BaseCommand):
    help = _("Importiert eine XPlanGML-Datei als neue Planfassung eines Vorhabens.")

    def add_arguments(self, parser):
        parser.add_argument("project", help=_("Kurzname (slug) des Vorhabens"))
        parser.add_argument("file", type=Path, help=_("XPlanGML-Datei (XPlanung 4.1, 5.x oder 6.0)"))

    def handle(self, *args, project: str, file: Path, **options):
        target = Project.objects.filter(slug=project).first()
        if target is None:
            raise CommandError(_("Das Vorhaben „%s“ gibt es nicht.") % project)
        if not file.is_file():
            raise CommandError(_("Die Datei %s gibt es nicht.") % file)
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(_("Die Datei ist zu groß (höchstens %(n)d MB).") % {"n": MAX_BYTES // (1024 * 1024)})
        try:
            version = plan_import(project=target, data=file.read_bytes(), filename=file.name, actor=None)
        except XPlanError as exc:
            raise CommandError(str(exc)) from exc
        report = version.report
        self.stdout.write(
            _("%(plan)s: Fassung %(n)d mit %(features)d Objekten in %(layers)d Ebenen importiert.")
            % {"plan": version.name or target.title, "n": version.number, "features": report["features"],
               "layers": report["layers"]}
        )  # fmt: skip
        for key, label in (("repaired", _("repariert")), ("reoriented", _("Umlaufsinn korrigiert"))):
            if report.get(key):
                self.stdout.write(f"{label}: {', '.join(report[key][:20])}")
        changes = version_changes(version)
        if changes:
            self.stdout.write(
                _("Gegenüber der vorigen Fassung: %(a)d neu, %(r)d entfallen, %(c)d geändert.")
                % {"a": len(changes["added"]), "r": len(changes["removed"]), "c": len(changes["changed"])}
            )
