import pytest
from django.core.cache import cache

from proposals.categories import ensure_default_categories
from proposals.models import Category


@pytest.fixture(autouse=True)
def _categories_and_fresh_limits(request):
    """Idea categories come from a migration (transactional tests empty them); rate limits start at zero."""
    cache.clear()
    uses_db = {"db", "stadtteile", "transactional_db", "reference_data"} & set(request.fixturenames)
    if uses_db and not Category.objects.exists():
        ensure_default_categories(Category)
