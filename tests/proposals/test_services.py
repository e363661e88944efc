from io import BytesIO

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from geo.spatial import OUTSIDE_CITY_MESSAGE
from layers.models import Project
from proposals import services
from proposals.models import ClusterCell, Comment, Idea, Report, Support
from tests.factories import IdeaFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

OUTSIDE = Point(7.60, 49.44, srid=4326)


def create(author, category, **kwargs):
    values = {
        "author": author,
        "title": "Mehr Bäume am Stiftsplatz",
        "description": "Im Sommer ist es hier viel zu heiß.",
        "category": category,
        "location": kwargs.pop("location", None),
    }
    return services.idea_create(**(values | kwargs))


def test_idea_gets_its_stadtteil_on_write(citizen, category, stadtteile):
    idea = create(citizen, category, location=stadtteile[7].label_point)
    assert idea.stadtteil == stadtteile[7]
    assert idea.follows.filter(user=citizen).exists()


def test_point_outside_the_city_is_refused(citizen, category):
    with pytest.raises(ValidationError) as error:
        create(citizen, category, location=OUTSIDE)
    assert error.value.message_dict == {"location": [str(OUTSIDE_CITY_MESSAGE)]}
    assert not Idea.objects.exists()


def test_ideas_without_project_wait_for_moderation_by_default(
    citizen, category, stadtteile, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = create(citizen, category, location=stadtteile[1].label_point)
    assert idea.visibility == Idea.Visibility.PENDING
    assert not ClusterCell.objects.exists()
    assert mailoutbox == []  # "published" is sent when a moderator publishes it


def test_post_moderated_project_publishes_at_once_and_counts_in_clusters(
    citizen, category, stadtteile, django_capture_on_commit_callbacks, mailoutbox
):
    project = ProjectFactory(moderation=Project.Moderation.POST)
    with django_capture_on_commit_callbacks(execute=True):
        idea = create(citizen, category, location=stadtteile[1].label_point, project=project)
    assert [m.to for m in mailoutbox] == [[citizen.email]]  # the same capture that finds no mail above
    assert idea.visibility == Idea.Visibility.PUBLISHED
    assert idea.published_at is not None
    assert set(ClusterCell.objects.values_list("count", flat=True)) == {1}
    assert ClusterCell.objects.count() == 8  # one cell on each cluster zoom


def test_project_closed_for_ideas_is_refused(citizen, category, stadtteile):
    closed = ProjectFactory(ideas_open_until=timezone.now() - timezone.timedelta(days=1))
    not_yet = ProjectFactory(ideas_open_from=timezone.now() + timezone.timedelta(days=1))
    for project in (closed, not_yet):
        with pytest.raises(ValidationError) as error:
            create(citizen, category, location=stadtteile[1].label_point, project=project)
        assert "project" in error.value.message_dict


def test_text_and_category_are_checked(citizen, category, stadtteile):
    with pytest.raises(ValidationError) as error:
        create(citizen, category, location=stadtteile[1].label_point, title="  ab ")
    assert "title" in error.value.message_dict
    category.is_active = False
    category.save()
    with pytest.raises(ValidationError) as error:
        create(citizen, category, location=stadtteile[1].label_point)
    assert "category" in error.value.message_dict


def test_inactive_account_may_not_create(category, stadtteile):
    user = UserFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        create(user, category, location=stadtteile[1].label_point)


def jpeg_with_gps(size=(3000, 2000)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    exif[0x8825] = {1: "N", 2: (49.0, 26.0, 40.0)}  # GPSInfo
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("foto.jpg", out.getvalue(), content_type="image/jpeg")


def test_photo_is_resized_and_stripped_of_exif():
    upload = jpeg_with_gps()
    assert Image.open(upload).getexif()  # the test photo does carry metadata
    upload.seek(0)
    content = services.photo_process(upload)
    with Image.open(content) as clean:
        assert max(clean.size) == 1600
        assert not clean.getexif()
        assert "exif" not in clean.info


def test_photo_that_is_not_an_image_is_refused():
    with pytest.raises(ValidationError) as error:
        services.photo_process(SimpleUploadedFile("x.jpg", b"not an image at all"))
    assert "photo" in error.value.message_dict


def test_gif_is_refused_with_the_allowed_types():
    out = BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError) as error:
        services.photo_process(SimpleUploadedFile("x.gif", out.getvalue()))
    assert "JPEG" in error.value.message_dict["photo"][0]


def test_supports_are_once_per_person_and_can_be_withdrawn(citizen):
    idea = IdeaFactory()
    assert services.support_add(idea=idea, user=citizen) == 1
    assert services.support_add(idea=idea, user=citizen) == 1
    assert services.support_add(idea=idea, user=UserFactory()) == 2
    assert services.support_remove(idea=idea, user=citizen) == 1
    assert services.support_remove(idea=idea, user=citizen) == 1
    idea.refresh_from_db()
    assert idea.support_count == Support.objects.filter(idea=idea).count() == 1


def test_ideas_waiting_for_moderation_take_no_supports_or_comments(citizen):
    idea = IdeaFactory(visibility=Idea.Visibility.PENDING)
    with pytest.raises(ValidationError):
        services.support_add(idea=idea, user=citizen)
    with pytest.raises(ValidationError):
        services.comment_create(idea=idea, author=citizen, text="Gute Idee")


def test_comments_have_one_level_of_replies(citizen):
    idea = IdeaFactory()
    top = services.comment_create(idea=idea, author=citizen, text="Gute Idee!")
    reply = services.comment_create(idea=idea, author=citizen, text="Finde ich auch.", parent=top)
    with pytest.raises(ValidationError) as error:
        services.comment_create(idea=idea, author=citizen, text="Und noch tiefer", parent=reply)
    assert "parent" in error.value.message_dict
    other = IdeaFactory()
    with pytest.raises(ValidationError):
        services.comment_create(idea=other, author=citizen, text="Falsche Idee", parent=top)
    idea.refresh_from_db()
    assert idea.comment_count == Comment.objects.filter(idea=idea).count() == 2


def test_report_an_idea_or_a_comment(citizen):
    idea = IdeaFactory()
    comment = services.comment_create(idea=idea, author=UserFactory(), text="Unfreundlich")
    services.report_create(reporter=citizen, idea=idea, reason="Beleidigend formuliert")
    services.report_create(reporter=citizen, idea=idea, comment=comment, reason="Beleidigung")
    assert Report.objects.filter(resolved_at=None).count() == 2
    with pytest.raises(ValidationError):
        services.report_create(reporter=citizen, idea=idea, reason="x")
