"""config/wsgi.py: what a worker loads at start is frozen out of the garbage collector's full collections."""

import gc


def test_the_worker_freezes_what_it_loaded_at_start():
    import config.wsgi  # noqa: F401

    assert gc.get_freeze_count() > 10_000  # Django, the apps and the URLconf: hundreds of thousands of objects
