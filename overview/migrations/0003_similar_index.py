"""The index "Gibt es schon?" reads: the German full-text vectors of published ideas' titles.

It lives on the proposals table but serves only the overview's query (overview/similar.py), so the overview
creates it; proposals knows nothing of it. Without it the search reads every title (seconds at a million)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("overview", "0002_hotspots"), ("proposals", "0005_idea_published_id")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS overview_idea_title_german ON proposals_idea "
            "USING gin (to_tsvector('german', title)) WHERE visibility = 'published'",
            "DROP INDEX IF EXISTS overview_idea_title_german",
        )
    ]
