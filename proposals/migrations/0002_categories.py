from django.db import migrations

CATEGORIES = [
    ("Verkehr", "verkehr", "#c62828"),
    ("Radverkehr", "radverkehr", "#6a1b9a"),
    ("Grün und Umwelt", "gruen", "#2e7d32"),
    ("Spielen und Freizeit", "spielen", "#ef6c00"),
    ("Sauberkeit", "sauberkeit", "#00838f"),
    ("Sicherheit/Angsträume", "sicherheit", "#37474f"),
    ("Barrierefreiheit", "barrierefreiheit", "#1565c0"),
    ("Sonstiges", "sonstiges", "#6d4c41"),
]


def create(apps, schema_editor):
    Category = apps.get_model("proposals", "Category")
    for order, (name, slug, color) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "color": color, "order": order})


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
