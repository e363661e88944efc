"""GetCapabilities names each layer's extent; it is kept (geo/wfs.py) instead of scanning every row per request,
and a saved or deleted row of a table a layer reads renews it at once."""

import re

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo.datasets import EXTENT_VERSION_KEY
from proposals.models import Idea
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db
CAPABILITIES = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetCapabilities"}


@pytest.fixture
def kept(settings):
    settings.WFS_EXTENT_SECONDS = 600


def _ideas_box(client, **headers) -> list[float]:
    xml = client.get("/wfs/", CAPABILITIES, **headers).content.decode()
    layer = xml[xml.index("<Name>app:ideen</Name>") :]
    lower, upper = re.search(
        r"<ows:LowerCorner>([^<]+)</ows:LowerCorner>\s*<ows:UpperCorner>([^<]+)</ows:UpperCorner>", layer
    ).groups()
    return [float(v) for v in (*lower.split(), *upper.split())]


def _extent_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/wfs/", CAPABILITIES).status_code == 200
    return sum("ST_Extent" in q["sql"] for q in queries.captured_queries)


def test_the_extents_are_read_once_and_kept(client, stadtteile, kept):
    IdeaFactory(location=Point(7.76, 49.44))
    assert _extent_queries(client) > 0
    assert _extent_queries(client) == 0


def test_without_keeping_every_capabilities_reads_them(client, stadtteile):
    IdeaFactory(location=Point(7.76, 49.44))
    assert _extent_queries(client) > 0
    assert _extent_queries(client) > 0  # the test settings keep nothing: the test above can fail


def test_a_new_or_hidden_idea_moves_the_extent_at_once(client, stadtteile, kept):
    IdeaFactory(location=Point(7.76, 49.44))
    IdeaFactory(location=Point(7.77, 49.45))
    assert _ideas_box(client) == pytest.approx([7.76, 49.44, 7.77, 49.45])
    far = IdeaFactory(location=Point(7.9, 49.5))
    assert _ideas_box(client) == pytest.approx([7.76, 49.44, 7.9, 49.5])
    far.visibility = Idea.Visibility.HIDDEN
    far.save()
    assert _ideas_box(client) == pytest.approx([7.76, 49.44, 7.77, 49.45])


def test_layer_titles_follow_the_language_with_kept_feature_types(client, stadtteile, kept):
    german = client.get("/wfs/", CAPABILITIES, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get("/wfs/", CAPABILITIES, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<Title>Vorhaben (Gebiete): Punkte</Title>" in german
    assert "<Title>Vorhaben (Gebiete): points</Title>" in english
    assert client.get("/wfs/", CAPABILITIES, HTTP_ACCEPT_LANGUAGE="de").content.decode() == german


def test_the_extent_version_moves_again_when_the_write_commits(stadtteile, django_capture_on_commit_callbacks):
    """A GetCapabilities between the save and the commit reads the old rows; what it keeps must not stay."""
    with django_capture_on_commit_callbacks() as callbacks:
        IdeaFactory(location=Point(7.76, 49.44))
        during = cache.get(EXTENT_VERSION_KEY)
    for callback in callbacks:  # the commit
        callback()
    assert cache.get(EXTENT_VERSION_KEY) != during
