import pytest

from proposals.categories import ensure_default_categories
from proposals.models import Category


@pytest.fixture(autouse=True)
def _categories(request):
    """Idea categories come from a migration (transactional tests empty them)."""
    uses_db = {"db", "stadtteile", "transactional_db", "reference_data"} & set(request.fixturenames)
    if uses_db and not Category.objects.exists():
        ensure_default_categories(Category)
