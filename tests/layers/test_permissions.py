import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.roles import Role
from tests.factories import ProjectFactory, UserFactory

PERMS = ["layers.add_project", "layers.change_project", "layers.delete_project", "layers.manage_layers",
         "layers.import_layer"]  # fmt: skip
ROLES = {
    "citizen": ([], False),
    "moderator": ([Role.MODERATOR], False),
    "planner": ([Role.PLANNER], True),
    "admin": ([Role.ADMIN], True),
}


def _user(role: str):
    return UserFactory(roles=ROLES[role][0])


@pytest.mark.parametrize("role", ROLES)
def test_only_planners_and_admins_edit(db, role):
    user = _user(role)
    for perm in PERMS:
        assert user.has_perm(perm) is ROLES[role][1], perm
    assert user.has_perm("layers.view_project")


def test_anonymous_reads_only(db):
    assert AnonymousUser().has_perm("layers.view_project")
    assert not AnonymousUser().has_perm("layers.change_project")


def test_inactive_planner_edits_nothing(db):
    user = UserFactory(roles=[Role.PLANNER], is_active=False)
    assert not user.has_perm("layers.change_project")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["project-edit", "phase-create", "document-create", "news-create", "layer-import", "project-create"]
)
def test_staff_pages_per_role(client, db, role, name):
    project = ProjectFactory()
    client.force_login(_user(role))
    url = reverse(f"layers:{name}", kwargs={} if name == "project-create" else {"slug": project.slug})
    assert client.get(url).status_code == (200 if ROLES[role][1] else 403)


def test_staff_pages_refuse_anonymous(client, db):
    project = ProjectFactory()
    assert client.get(reverse("layers:layer-import", kwargs={"slug": project.slug})).status_code == 403
    assert client.post(reverse("layers:project-create"), {"title": "x"}).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_admin_per_role(client, db, role):
    user = _user(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    allowed = ROLES[role][1]
    assert client.get(reverse("admin:layers_project_changelist")).status_code == (200 if allowed else 403)
    assert client.get(reverse("admin:layers_layer_import")).status_code == (200 if allowed else 403)


def test_admin_pages_render_for_planners(client, db):
    from tests.factories import LayerFactory

    user = UserFactory(roles=[Role.PLANNER], is_staff=True)
    client.force_login(user)
    layer = LayerFactory()
    assert client.get(reverse("admin:layers_project_change", args=[layer.project.pk])).status_code == 200
    assert client.get(reverse("admin:layers_project_add")).status_code == 200
    assert client.get(reverse("admin:layers_layer_change", args=[layer.pk])).status_code == 200
