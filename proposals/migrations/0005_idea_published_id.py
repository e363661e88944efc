from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_idea_indexes_for_pages"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="idea",
            index=models.Index(
                condition=models.Q(("visibility", "published")), fields=["id"], name="idea_published_id"
            ),
        ),
    ]
