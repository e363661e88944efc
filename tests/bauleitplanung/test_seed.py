from bauleitplanung.demo.seed import SLUG, seed
from bauleitplanung.models import Procedure
from bauleitplanung.selectors import open_public_step


def test_seed_adds_a_procedure_with_an_open_publication(db):
    assert "Veröffentlichung offen" in seed({})
    procedure = Procedure.objects.get(project__slug=SLUG)
    step = open_public_step(procedure)
    assert step.kind == "p3_2"
    assert procedure.project.is_demo
    assert procedure.statements.filter(is_demo=True).count() == 18
    assert procedure.versions.get().layers.count() == 5
    assert "schon da" in seed({})
