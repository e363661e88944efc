# Idea, Report and ModerationLog now inherit edge.moderation's abstract bases. The columns stay as they were
# (the same names, types and constraints): only a label and a reverse accessor change, so state only.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0006_idea_rollup"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="idea",
                    name="published_at",
                    field=models.DateTimeField(blank=True, null=True, verbose_name="freigegeben am"),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="reporter",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
        ),
    ]
