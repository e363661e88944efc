"""The disclosure noise has its own secret: rotating SECRET_KEY leaves every published number as it was."""

from geo import disclosure


def test_rotating_the_secret_key_keeps_the_seed_and_the_noise(settings):
    before = disclosure.seed(), disclosure.record_key_sql("id")
    settings.SECRET_KEY = "a-completely-new-secret-key-after-rotation-0123456789"
    assert (disclosure.seed(), disclosure.record_key_sql("id")) == before


def test_the_seed_follows_its_own_setting(settings):
    before = disclosure.seed()
    settings.DISCLOSURE_SEED = "another-city-seed"
    assert disclosure.seed() != before
