import json
import re
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from proposals import services
from proposals.models import Comment, Idea
from tests.factories import PASSWORD, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_register_verify_by_email_and_log_in(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD, "accept_terms": "on"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[0].body).group(0)
    client.post(urlparse(link).path)
    assert EmailAddress.objects.get(user=user).verified
    client.logout()
    response = client.post(reverse("account_login"), {"login": "neu@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_unverified_account_cannot_log_in(client, db):
    client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD, "accept_terms": "on"},
    )
    client.logout()
    client.post(reverse("account_login"), {"login": "neu@example.org", "password": PASSWORD})
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_failed_logins_are_rate_limited(client, db):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "falsch"})
    # Even the right password is refused now: allauth counts failures per account (5 in 5 minutes).
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_profile_sets_display_name_and_home_stadtteil(client, stadtteile):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("accounts:profile"), {"display_name": "", "home_stadtteil": stadtteile[5].pk})
    user.refresh_from_db()
    assert user.public_name == "anonym"
    assert user.home_stadtteil == stadtteile[5]


def test_data_export_holds_ideas_comments_and_supports(client, db):
    user = UserFactory()
    idea = IdeaFactory(author=user, title="Meine Idee")
    services.comment_create(idea=idea, author=user, text="Mein Kommentar")
    services.support_add(idea=IdeaFactory(), user=user)
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert [i["title"] for i in data["ideas"]["ideas"]] == ["Meine Idee"]
    assert [c["text"] for c in data["ideas"]["comments"]] == ["Mein Kommentar"]
    assert len(data["ideas"]["supports"]) == 1


def test_delete_account_keeps_contributions_anonymised(client, db):
    user = UserFactory(display_name="Erika Mustermann")
    idea = IdeaFactory(author=user)
    services.comment_create(idea=idea, author=user, text="Mein Kommentar")
    client.force_login(user)
    assert client.post(reverse("accounts:delete"), {"password": "falsch"}).status_code == 400
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    user.refresh_from_db()
    assert not user.is_active
    assert user.email == ""
    assert user.public_name == "anonym"
    assert not EmailAddress.objects.filter(user=user).exists()
    assert Idea.objects.get().author.public_name == "anonym"
    assert Comment.objects.count() == 1
    assert "Erika" not in client.get(idea.get_absolute_url()).content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302
