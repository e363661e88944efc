from django.db import transaction

from config.db_router import PrimaryReplicaRouter
from geo.models import Stadtteil


def test_reads_go_to_a_replica_and_writes_to_the_primary(settings):
    settings.DATABASE_REPLICAS = ["replica0", "replica1"]
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Stadtteil) in {"replica0", "replica1"}
    assert router.db_for_write(Stadtteil) == "default"
    assert router.allow_migrate("replica0", "geo") is False


def test_without_replicas_everything_uses_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    assert PrimaryReplicaRouter().db_for_read(Stadtteil) == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(settings, db):  # the test runs in a transaction
    settings.DATABASE_REPLICAS = ["replica0"]
    with transaction.atomic():  # also nested
        assert PrimaryReplicaRouter().db_for_read(Stadtteil) == "default"
