from django.db import migrations


def seed(apps, schema_editor):
    from pages.defaults import seed_legal_pages

    seed_legal_pages(apps.get_model("pages", "LegalPage"))


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
