"""The formal procedure's public steps, plan versions and decision are events of the area they plan."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import MultiPolygon
from django.utils import timezone

from alerts.models import Event, Subscription
from alerts.tasks import scan, send_digests
from bauleitplanung.models import PlanVersion, Procedure, Step
from tests.factories import FeatureFactory, LayerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_procedure_steps_versions_and_decision_reach_followers(stadtteile, mailoutbox):
    area = MultiPolygon(stadtteile[1].label_point.buffer(0.001))
    project = ProjectFactory(title="Bebauungsplan Stiftsplatz", area=area)
    Subscription.objects.create(
        email="h@example.org", area_kind="stadtteil", stadtteil=stadtteile[1], label="Innenstadt-Ost",
        confirmed_at=timezone.now(), frequency="daily",
    )  # fmt: skip
    procedure = Procedure.objects.create(project=project, decision_published_at=timezone.now())
    today = timezone.localdate()
    Step.objects.create(procedure=procedure, kind="p3_2", starts_on=today, ends_on=today + timedelta(days=1))
    Step.objects.create(procedure=procedure, kind="p4_2", starts_on=today, ends_on=today + timedelta(days=30))
    layer = LayerFactory(project=project, feature_count=1)
    FeatureFactory(layer=layer, geom=stadtteile[1].label_point)
    version = PlanVersion.objects.create(procedure=procedure, number=2, name="Entwurf Stiftsplatz")
    version.layers.add(layer)

    scan()

    keys = set(Event.objects.values_list("key", flat=True))
    assert {k.split(":")[0] for k in keys} >= {
        "procedure-step", "procedure-closing", "plan-version", "procedure-decision",
    }  # fmt: skip
    assert not any(k.startswith("procedure-step") and "p4_2" in k for k in keys)
    assert Event.objects.filter(key__startswith="procedure-step").count() == 1  # the agencies' step is not public
    send_digests("daily")
    [mail] = mailoutbox
    assert mail.body.count("== Bebauungsplan Stiftsplatz ==") == 1
    assert "Veröffentlichung (§ 3 Abs. 2 BauGB) geöffnet bis" in mail.body
    assert "Neue Planfassung 2: Entwurf Stiftsplatz" in mail.body
    assert "Beschluss veröffentlicht: Bebauungsplan Stiftsplatz" in mail.body
