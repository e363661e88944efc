from django.db import migrations

from proposals.categories import ensure_default_categories


def create(apps, schema_editor):
    ensure_default_categories(apps.get_model("proposals", "Category"))


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
