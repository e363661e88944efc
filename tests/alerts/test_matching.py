"""Events reach subscriptions whose area their geometry intersects, not by a centre point."""

import pytest
from django.contrib.gis.geos import LineString, MultiPolygon, Point
from django.db import transaction

from alerts import events, matching
from alerts.models import Delivery, Event, Subscription
from alerts.services import area_around
from alerts.tasks import scan
from geo.models import Place
from geo.spatial import UTM32
from tests.factories import FeatureFactory, LayerFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def subscribe(**fields) -> Subscription:
    fields.setdefault("label", "Test")
    if fields.get("area") is not None:
        fields["area_utm"] = fields["area"].transform(UTM32, clone=True)
    return Subscription.objects.create(user=UserFactory(), confirmed_at="2026-01-01T00:00Z", **fields)


def line_through(stadtteil, *, avoid) -> LineString:
    """A long line that crosses `stadtteil` but is far from its centre (and from `avoid`'s polygon)."""
    utm = stadtteil.geom.transform(UTM32, clone=True)
    xmin, ymin, xmax, ymax = utm.extent
    # A north-south line through the Stadtteil near its western edge, sticking out far to the south, so that
    # neither the Stadtteil's centre lies on the line nor the line's centre in the Stadtteil.
    x = xmin + (xmax - xmin) * 0.15
    line = LineString((x, ymin - 2 * (ymax - ymin) - 3000), (x, ymax + 300), srid=UTM32)
    assert line.intersects(utm)
    assert not line.intersects(utm.point_on_surface.buffer(300))
    assert not utm.buffer(300).contains(line.centroid)
    assert not utm.buffer(300).contains(line.interpolate_normalized(0.5))
    return line.transform(4326, clone=True)


def test_a_long_line_crossing_a_stadtteil_reaches_its_followers(stadtteile):
    target = stadtteile[1]
    project = ProjectFactory(area=None)
    layer = LayerFactory(project=project)
    FeatureFactory(layer=layer, geom=line_through(target, avoid=None))
    layer.feature_count = 1
    layer.save()
    far = next(s for s in stadtteile.values() if not s.geom.intersects(layer.features.get().geom))
    follower = subscribe(area_kind="stadtteil", stadtteil=target)
    elsewhere = subscribe(area_kind="stadtteil", stadtteil=far)

    events.events_record(since=events.timedelta(days=1))
    matching.events_match_pending()

    event = Event.objects.get(key=f"layer:{layer.pk}")
    assert target.pk in event.stadtteil_ids
    assert list(Delivery.objects.filter(event=event).values_list("subscription", flat=True)) == [follower.pk]
    assert not Delivery.objects.filter(subscription=elsewhere).exists()


def test_drawn_area_and_radius_match_by_intersection_and_filters_apply(stadtteile):
    place = Place.objects.filter(kind="address", stadtteil=stadtteile[1]).first()
    near = subscribe(area_kind="radius", area=area_around(place, 250), radius_m=250)
    only_ideas = subscribe(area_kind="radius", area=area_around(place, 250), radius_m=250, kinds=["ideas"])
    other_topic = subscribe(area_kind="radius", area=area_around(place, 250), radius_m=250, topics=["verkehr"])
    circle = place.location.transform(UTM32, clone=True).buffer(100).transform(4326, clone=True)
    ProjectFactory(area=MultiPolygon(circle), topic="umwelt")
    far_away = place.location.transform(UTM32, clone=True)
    far_away.x += 5000
    ProjectFactory(area=MultiPolygon(far_away.buffer(100).transform(4326, clone=True)), topic="umwelt")

    scan()

    assert Delivery.objects.filter(subscription=near).count() == 1
    assert Delivery.objects.filter(subscription=near, event__kind="project").exists()
    assert not Delivery.objects.filter(subscription__in=[only_ideas, other_topic]).exists()


def test_ortsbezirk_subscription_matches_its_stadtteile(stadtteile):
    target = stadtteile[12]
    follower = subscribe(area_kind="ortsbezirk", ortsbezirk=target.ortsbezirk)
    ProjectFactory(area=MultiPolygon(target.label_point.buffer(0.001)))
    scan()
    assert Delivery.objects.filter(subscription=follower).count() == 1


def test_unconfirmed_subscriptions_get_nothing(stadtteile):
    pending = subscribe(area_kind="stadtteil", stadtteil=stadtteile[1])
    pending.confirmed_at = None
    pending.save()
    ProjectFactory(area=MultiPolygon(stadtteile[1].label_point.buffer(0.001)))
    scan()
    assert not Delivery.objects.filter(subscription=pending).exists()


def test_recording_twice_records_once(stadtteile):
    ProjectFactory(area=MultiPolygon(stadtteile[3].label_point.buffer(0.001)))
    assert events.events_record(since=events.timedelta(days=1)) == 1
    assert events.events_record(since=events.timedelta(days=1)) == 0


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_produces_no_event(reference_data):
    from geo.models import Stadtteil

    point = Stadtteil.objects.get(number=1).label_point

    def write_then_fail():
        with transaction.atomic():
            ProjectFactory(area=MultiPolygon(point.buffer(0.001)))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    scan()
    assert not Event.objects.exists()
    ProjectFactory(area=MultiPolygon(point.buffer(0.001)))  # autocommit: the nudge runs the scan at once
    assert Event.objects.filter(kind="project").count() == 1


def test_a_large_mixed_layer_becomes_the_squares_its_features_touch(stadtteile, monkeypatch):
    """Above EXACT_FEATURES the event geometry is the CELL_M squares the features touch (bounded by the city's
    area; collecting and buffering 200,000 mixed features once took the database to 20 GB): still a polygon
    around every feature, matched by a radius around one of them and not by one across town."""
    monkeypatch.setattr(events, "EXACT_FEATURES", 5)
    target = stadtteile[1]
    centre = target.geom.transform(UTM32, clone=True).point_on_surface  # GEOS drops the SRID here
    layer = LayerFactory(project=ProjectFactory(area=None))
    pieces = []
    for k in range(6):  # points and lines in one layer: a GeometryCollection when collected
        x, y = centre.x + 40 * k, centre.y + 25 * k  # within 250 m of a point inside the Stadtteil
        utm = Point(x, y, srid=UTM32) if k % 2 else LineString((x, y), (x + 30, y + 10), srid=UTM32)
        pieces.append(utm)
        FeatureFactory(layer=layer, geom=utm.transform(4326, clone=True))
    layer.feature_count = 6
    layer.save()
    near = subscribe(area_kind="radius", area=area_around_point(pieces[3], 50), radius_m=50)
    across_town = next(s for s in stadtteile.values() if s.geom.distance(target.geom) > 0.02)
    far_point = across_town.geom.transform(UTM32, clone=True).point_on_surface
    far = subscribe(area_kind="radius", area=area_around_point(far_point, 50), radius_m=50)

    events.events_record(since=events.timedelta(days=1))
    matching.events_match_pending()

    event = Event.objects.get(key=f"layer:{layer.pk}")
    assert event.geom_utm.geom_type in ("Polygon", "MultiPolygon")
    assert all(event.geom_utm.covers(piece) for piece in pieces)
    assert events.CELL_M**2 <= event.geom_utm.area <= (events.CELL_M * 6) ** 2  # a few squares, not the Stadtteil
    assert target.pk in event.stadtteil_ids
    matched = set(Delivery.objects.filter(event=event).values_list("subscription", flat=True))
    assert near.pk in matched
    assert far.pk not in matched


def area_around_point(utm_point, metres: float) -> MultiPolygon:
    """A subscription's area (WGS84) around a point given in EPSG:25832 (with or without its SRID)."""
    circle = Point(utm_point.x, utm_point.y, srid=UTM32).buffer(metres)
    return MultiPolygon(circle.transform(4326, clone=True), srid=4326)
