"""Every permission of the ideas app for every role (anonymous, citizen, author, moderator, planner, admin)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from proposals.models import Category, Idea
from tests.factories import IdeaFactory, UserFactory

ROLES = ["anonymous", "citizen", "author", "moderator", "planner", "admin"]

# perm -> roles that have it, for (a published idea, an idea waiting for moderation)
EXPECTED = {
    "proposals.view_idea": (set(ROLES), {"author", "moderator", "planner", "admin"}),
    "proposals.add_idea": ({"citizen", "author", "moderator", "planner", "admin"},) * 2,
    "proposals.support_idea": ({"citizen", "author", "moderator", "planner", "admin"},) * 2,
    "proposals.comment_idea": ({"citizen", "author", "moderator", "planner", "admin"},) * 2,
    "proposals.report": ({"citizen", "author", "moderator", "planner", "admin"},) * 2,
    "proposals.moderate_idea": ({"moderator", "admin"},) * 2,
    "proposals.answer_idea": ({"moderator", "planner", "admin"},) * 2,
    "proposals.view_moderation": ({"moderator", "planner", "admin"},) * 2,
    "proposals.manage_categories": ({"admin"},) * 2,
    "proposals.change_category": ({"admin"},) * 2,
}


def user_for(role: str, idea: Idea):
    return {
        "anonymous": AnonymousUser,
        "citizen": UserFactory,
        "author": lambda: idea.author,
        "moderator": lambda: UserFactory(roles=[Role.MODERATOR]),
        "planner": lambda: UserFactory(roles=[Role.PLANNER]),
        "admin": lambda: UserFactory(roles=[Role.ADMIN]),
    }[role]()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(EXPECTED))
@pytest.mark.parametrize("visibility", [Idea.Visibility.PUBLISHED, Idea.Visibility.PENDING])
def test_permission(db, role, perm, visibility):
    idea = IdeaFactory(visibility=visibility)
    expected = EXPECTED[perm][0 if visibility == Idea.Visibility.PUBLISHED else 1]
    assert user_for(role, idea).has_perm(perm, idea) is (role in expected)


def test_deactivated_staff_lose_their_roles(db):
    moderator = UserFactory(roles=[Role.MODERATOR], is_active=False)
    assert not moderator.has_perm("proposals.moderate_idea")


def test_administrators_edit_categories_in_the_admin(client, db):
    admin = UserFactory(roles=[Role.ADMIN], is_staff=True)
    client.force_login(admin)
    response = client.post(
        "/admin/proposals/category/add/",
        {"name": "Lärm", "slug": "laerm", "color": "#444444", "order": 9, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Category.objects.filter(slug="laerm").exists()
    client.force_login(UserFactory(roles=[Role.MODERATOR], is_staff=True))
    assert client.get("/admin/proposals/category/add/").status_code == 403
