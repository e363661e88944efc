import pytest

from geo import datasets
from geo.models import Stadtteil


@pytest.fixture
def staff_only_dataset():
    """A staff-only dataset (as survey map answers will be), registered for one test."""
    dataset = datasets.Dataset(
        name="intern",
        title="Interne Punkte",
        description="Nur für die Verwaltung.",
        model=Stadtteil,
        fields={"nummer": "number", "name": "name"},
        geometry="label_point",
        staff_only=True,
    )
    datasets.register_dataset(dataset)
    yield dataset
    datasets._datasets.pop(dataset.name)
