"""Many supports at once, each in its own thread with its own database connection: the count stays exact."""

import threading

import pytest
from django.db import connection

from proposals import services
from proposals.models import Idea, Support
from tests.factories import IdeaFactory, UserFactory

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_keep_the_count_exact(reference_data):
    idea = IdeaFactory()
    users = UserFactory.create_batch(THREADS)
    barrier = threading.Barrier(THREADS)
    errors = []

    def support(user, twice):
        try:
            barrier.wait()
            services.support_add(idea=idea, user=user)
            if twice:  # the same person clicking twice at once still counts once
                services.support_add(idea=idea, user=user)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=support, args=(u, n % 3 == 0)) for n, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    idea.refresh_from_db()
    assert idea.support_count == Support.objects.filter(idea=idea).count() == THREADS


@pytest.mark.django_db(transaction=True)
def test_concurrent_withdrawals_and_supports(reference_data):
    idea = IdeaFactory()
    users = UserFactory.create_batch(8)
    for user in users[:4]:
        services.support_add(idea=idea, user=user)
    barrier = threading.Barrier(8)
    errors = []

    def act(user, add):
        try:
            barrier.wait()
            (services.support_add if add else services.support_remove)(idea=idea, user=user)
        except Exception as error:  # a thread's exception would otherwise only be printed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(u, n >= 4)) for n, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Idea.objects.get(pk=idea.pk).support_count == Support.objects.filter(idea=idea).count() == 4
