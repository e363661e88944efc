"""Citizens' writes: pinning ideas, supporting, commenting, reporting, following."""

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edge.follow import follow_set as edge_follow_set
from edge.permissions import require
from edge.text import free_text as _text
from geo.districting import locate
from geo.photos import photo_process, photos_erase, photos_removed_on_failure
from geo.spatial import OUTSIDE_CITY_MESSAGE, WGS84
from layers.models import Project
from proposals.models import Category, Comment, Follow, Idea, Report, Support
from proposals.services.clusters import cells_apply
from proposals.services.notifications import notify

NOT_PUBLIC_MESSAGE = _("Diese Idee ist nicht öffentlich.")


def moderation_mode(project: Project | None) -> str:
    """Pre- or post-moderation: the project decides; ideas without a project follow the site setting."""
    return project.moderation if project else settings.PROPOSALS_DEFAULT_MODERATION


def idea_create(
    *,
    author: User,
    title: str,
    description: str,
    category: Category,
    location: Point,
    project: Project | None = None,
    photo=None,
) -> Idea:
    """A stored photo is deleted again when the idea is not written, up to its commit (a caller's own outer
    transaction that rolls back later is the caller's to clean up)."""
    with photos_removed_on_failure() as stored, transaction.atomic():
        idea = _idea_checked(author, title, description, category, location, project)
        if photo is not None:
            content = photo_process(photo, name="idee")
            idea.photo.save(content.name, content, save=False)
            stored.append(idea.photo)
        idea.save()
        Follow.objects.create(idea=idea, user=author)
        if idea.is_public:
            cells_apply(idea_id=idea.pk, delta=1)
            notify(idea=idea, event="published")
    return idea


def _idea_checked(
    author: User, title: str, description: str, category: Category, location: Point, project: Project | None
) -> Idea:
    """The checked, unsaved idea."""
    require(author, "proposals.add_idea")
    title = _text(title, field="title", min_length=5, max_length=120)
    description = _text(description, field="description", min_length=10, max_length=4000)
    if not category.is_active:
        raise ValidationError({"category": _("Diese Kategorie kann nicht mehr gewählt werden.")})
    if location.srid is None:
        location.srid = WGS84
    found = locate(location)
    if found is None:
        raise ValidationError({"location": OUTSIDE_CITY_MESSAGE})
    if project is not None and not project.accepts_ideas():
        raise ValidationError({"project": _("Für dieses Vorhaben können zurzeit keine Ideen eingereicht werden.")})
    published = moderation_mode(project) == Project.Moderation.POST
    return Idea(
        author=author,
        title=title,
        description=description,
        category=category,
        location=location,
        stadtteil=found.stadtteil,
        project=project,
        visibility=Idea.Visibility.PUBLISHED if published else Idea.Visibility.PENDING,
        published_at=timezone.now() if published else None,
    )


def _lock_public(idea: Idea) -> Idea:
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if not locked.is_public:
        raise ValidationError({"idea": NOT_PUBLIC_MESSAGE})
    return locked


class IdeaNotPublicError(ValidationError):
    """The idea is not public (or does not exist): no support goes to it. A ValidationError keyed by `idea`,
    so forms show it; the API answers it as a 404, as for an idea it cannot see."""

    def __init__(self):
        super().__init__({"idea": NOT_PUBLIC_MESSAGE})


# A support is one statement: the insert (the unique constraint decides a race of two clicks) and the counter's
# UPDATE, which runs only when a row was inserted and re-reads the idea's row under its lock, so the count is
# exact. The row lock (which every supporter of a popular idea queues for) is held from that statement to the
# commit right after it, not across Python. Measured in docs/performance.md ("Write path", "Signed in").
_T, _S = Idea._meta.db_table, Support._meta.db_table
_PUBLISHED = Idea.Visibility.PUBLISHED.value
_SUPPORT_ADD_SQL = f"""
WITH idea AS (SELECT id, support_count FROM {_T} WHERE id = %(idea)s AND visibility = '{_PUBLISHED}'),
added AS (
    INSERT INTO {_S} (idea_id, user_id, created_at) SELECT id, %(user)s, now() FROM idea
    ON CONFLICT (idea_id, user_id) DO NOTHING RETURNING id
),
moved AS (
    UPDATE {_T} SET support_count = support_count + 1
    WHERE id = %(idea)s AND visibility = '{_PUBLISHED}' AND EXISTS (SELECT FROM added) RETURNING support_count
)
SELECT (SELECT support_count FROM idea), (SELECT id FROM added), (SELECT support_count FROM moved)
"""  # noqa: S608 (table names and a constant from the models)
# Withdrawing: the delete and, only when a row went, the counter; the idea's visibility comes back with it.
_SUPPORT_REMOVE_SQL = f"""
WITH gone AS (DELETE FROM {_S} WHERE idea_id = %(idea)s AND user_id = %(user)s RETURNING id),
moved AS (
    UPDATE {_T} SET support_count = support_count - 1
    WHERE id = %(idea)s AND EXISTS (SELECT FROM gone) RETURNING support_count
)
SELECT i.visibility, coalesce((SELECT support_count FROM moved), i.support_count), (SELECT id FROM gone)
FROM {_T} i WHERE i.id = %(idea)s
"""  # noqa: S608


@transaction.atomic
def support_add(*, idea: Idea, user: User) -> int:
    """Support once; returns the new count (only `idea.pk` is read: the statement checks that it is public).
    Raises IdeaNotPublicError for an idea that is not public, PermissionDenied for an account that may not."""
    require(user, "proposals.support_idea")
    with connection.cursor() as cursor:
        cursor.execute(_SUPPORT_ADD_SQL, {"idea": idea.pk, "user": user.pk})
        current, added, moved = cursor.fetchone()
    if current is None:
        raise IdeaNotPublicError
    if added is None:  # supported before: the count as it stands
        return current
    if moved is None:  # hidden meanwhile: the transaction rolls back the support with this error
        raise IdeaNotPublicError
    # What Support.objects.create would have sent (the dashboard's cached aggregates listen for it).
    post_save.send(Support, instance=Support(pk=added, idea_id=idea.pk, user=user), created=True, raw=False,
                   using=connection.alias, update_fields=None)  # fmt: skip
    return moved


@transaction.atomic
def support_remove(*, idea: Idea, user: User, public_only: bool = False) -> int:
    """Withdraw a support (if there was one); returns the new count. `public_only` (the API, which shows only
    public ideas) raises IdeaNotPublicError for any other idea and leaves its supports alone."""
    with connection.cursor() as cursor:
        cursor.execute(_SUPPORT_REMOVE_SQL, {"idea": idea.pk, "user": user.pk})
        row = cursor.fetchone()
    if row is None or (public_only and row[0] != _PUBLISHED):
        raise IdeaNotPublicError  # rolls back a delete on an idea that is not public
    _visibility, count, gone = row
    if gone is not None:
        post_delete.send(Support, instance=Support(pk=gone, idea_id=idea.pk, user=user), using=connection.alias,
                         origin=Support)  # fmt: skip
    return count


@transaction.atomic
def comment_create(*, idea: Idea, author: User, text: str, parent: Comment | None = None) -> Comment:
    require(author, "proposals.comment_idea")
    text = _text(text, field="text", min_length=2, max_length=2000)
    locked = _lock_public(idea)
    if parent is not None:
        if parent.idea_id != locked.pk or parent.is_hidden:
            raise ValidationError({"parent": _("Dieser Kommentar gehört nicht zu dieser Idee.")})
        if parent.parent_id is not None:
            raise ValidationError({"parent": _("Auf eine Antwort kann nicht geantwortet werden.")})
    comment = Comment.objects.create(idea=locked, author=author, parent=parent, text=text)
    locked.comment_count += 1
    locked.save(update_fields=["comment_count"])
    return comment


@transaction.atomic
def report_create(*, reporter: User, idea: Idea, reason: str, comment: Comment | None = None) -> Report:
    require(reporter, "proposals.report")
    reason = _text(reason, field="reason", min_length=5, max_length=1000)
    if comment is not None and comment.idea_id != idea.pk:
        raise ValidationError({"comment": _("Dieser Kommentar gehört nicht zu dieser Idee.")})
    if not idea.is_public:
        raise ValidationError({"idea": NOT_PUBLIC_MESSAGE})
    return Report.objects.create(reporter=reporter, idea=idea, comment=comment, reason=reason)


@transaction.atomic
def follow_set(*, idea: Idea, user: User, follow: bool) -> bool:
    return edge_follow_set(Follow, user=user, follow=follow, rule="proposals.follow_idea", idea=idea)


def personal_data_erase(user: User) -> None:
    """On account deletion: ideas, comments and supports stay with the anonymised account; whom the person
    followed (their notifications) goes, and so do their photos (a face, a house) and the moderators' reasons
    addressed to them (the moderation log keeps the staff's own record)."""
    Follow.objects.filter(user=user).delete()
    ideas = Idea.objects.filter(author=user)
    photos_erase(ideas)
    ideas.exclude(moderation_reason="").update(moderation_reason="")
