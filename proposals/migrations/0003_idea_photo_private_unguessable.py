import uuid
from pathlib import Path

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import proposals.models


def move_photos(apps, schema_editor):
    """Existing photos leave the public MEDIA_ROOT (ideas/2026/03/idee_1.jpg) for private storage, with an
    unguessable name; a photo whose file is missing is dropped from its idea."""
    Idea = apps.get_model("proposals", "Idea")
    private = storages["private"]
    for idea in Idea.objects.exclude(photo="").only("pk", "photo"):
        old = idea.photo.name
        if not default_storage.exists(old):
            Idea.objects.filter(pk=idea.pk).update(photo="")
            continue
        with default_storage.open(old, "rb") as file:
            new = private.save(f"ideen/{uuid.uuid4().hex}{Path(old).suffix.lower()}", file)
        Idea.objects.filter(pk=idea.pk).update(photo=new)
        default_storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_categories"),
    ]

    operations = [
        migrations.AlterField(
            model_name="idea",
            name="photo",
            field=models.ImageField(
                blank=True,
                storage=proposals.models.photo_storage,
                upload_to=proposals.models.photo_name,
                verbose_name="Foto",
            ),
        ),
        migrations.RunPython(move_photos, migrations.RunPython.noop),
    ]
