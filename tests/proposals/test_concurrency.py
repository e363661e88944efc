"""Many supports at once, each in its own thread with its own database connection: the count stays exact."""

import pytest

from proposals import services
from proposals.models import Idea, Support
from tests.factories import IdeaFactory, UserFactory
from tests.threads import at_once, raised

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_keep_the_count_exact(reference_data):
    idea = IdeaFactory()
    users = UserFactory.create_batch(THREADS)

    def support(user, twice):
        services.support_add(idea=idea, user=user)
        if twice:  # the same person clicking twice at once still counts once
            services.support_add(idea=idea, user=user)

    assert raised(at_once(support, [(u, n % 3 == 0) for n, u in enumerate(users)])) == []
    idea.refresh_from_db()
    assert idea.support_count == Support.objects.filter(idea=idea).count() == THREADS


@pytest.mark.django_db(transaction=True)
def test_concurrent_withdrawals_and_supports(reference_data):
    idea = IdeaFactory()
    users = UserFactory.create_batch(8)
    for user in users[:4]:
        services.support_add(idea=idea, user=user)

    def act(user, add):
        (services.support_add if add else services.support_remove)(idea=idea, user=user)

    assert raised(at_once(act, [(u, n >= 4) for n, u in enumerate(users)])) == []
    assert Idea.objects.get(pk=idea.pk).support_count == Support.objects.filter(idea=idea).count() == 4
