from django.db import migrations, models

from proposals.services.rollups import DROP_TRIGGER_SQL, idea_rollup_rebuild, trigger_sql


def rebuild(apps, schema_editor):
    idea_rollup_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0005_idea_published_id"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdeaRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("category_id", models.BigIntegerField()),
                ("stadtteil_id", models.BigIntegerField()),
                ("status", models.CharField(max_length=12)),
                ("project_id", models.BigIntegerField(null=True)),
                ("visibility", models.CharField(max_length=10)),
                ("count", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("day", "category_id", "stadtteil_id", "status", "project_id", "visibility"),
                        name="idea_rollup_key",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.RunSQL(trigger_sql(), DROP_TRIGGER_SQL),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
