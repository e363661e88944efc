"""The categories the city starts with (staff edit them afterwards in the admin)."""

DEFAULT_CATEGORIES = [
    ("Verkehr", "verkehr", "#c62828"),
    ("Radverkehr", "radverkehr", "#6a1b9a"),
    ("Grün und Umwelt", "gruen", "#2e7d32"),
    ("Spielen und Freizeit", "spielen", "#ef6c00"),
    ("Sauberkeit", "sauberkeit", "#00838f"),
    ("Sicherheit/Angsträume", "sicherheit", "#37474f"),
    ("Barrierefreiheit", "barrierefreiheit", "#1565c0"),
    ("Sonstiges", "sonstiges", "#6d4c41"),
]


def ensure_default_categories(category_model) -> None:
    """Create the missing defaults; takes the model so the data migration can pass its historical one."""
    for order, (name, slug, color) in enumerate(DEFAULT_CATEGORIES):
        category_model.objects.get_or_create(slug=slug, defaults={"name": name, "color": color, "order": order})
