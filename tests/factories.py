"""factory_boy factories for every app's models; tests build their data with these."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from layers.models import Project

PASSWORD = "Kaiserslautern-2026"  # every factory user's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"buerger{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.Faker("first_name", locale="de_DE")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, verified: bool | None, **kwargs):
        """A confirmed e-mail address, as allauth's mandatory verification leaves it (verified=False: none)."""
        if create and verified is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create, roles: list[Role] | None, **kwargs):
        for role in roles or []:
            self.groups.add(Group.objects.get_or_create(name=role.value)[0])  # flushed by transactional tests


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Vorhaben {n}")
    slug = factory.Sequence(lambda n: f"vorhaben-{n}")
    summary = "Ein Vorhaben der Stadt Kaiserslautern."
    topic = Project.Topic.STADTPLANUNG
    ideas_open_from = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=7))


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "layers.Phase"

    project = factory.SubFactory(ProjectFactory)
    kind = "information"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=10))


class LayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "layers.Layer"

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Ebene {n}")


class FeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "layers.Feature"

    layer = factory.SubFactory(LayerFactory)
    geom = factory.LazyFunction(lambda: Point(7.77, 49.44, srid=4326))
    attributes = factory.LazyFunction(lambda: {"name": "Bank", "anzahl": 3})


# Ideas (proposals) ---------------------------------------------------------------------------------


def _stadtteil(number: int = 1):
    from geo.models import Stadtteil

    return Stadtteil.objects.get(number=number)


def _category(slug: str = "gruen"):
    from proposals.models import Category

    return Category.objects.get(slug=slug)


class IdeaFactory(factory.django.DjangoModelFactory):
    """A published idea at the label point of Stadtteil 1; pass `stadtteil` to place it elsewhere.

    Written directly, not through the services: use `proposals.services` where the write itself is tested.
    """

    class Meta:
        model = "proposals.Idea"

    title = factory.Sequence(lambda n: f"Idee Nummer {n}")
    description = "Eine Idee für einen besseren Ort in Kaiserslautern."
    category = factory.LazyFunction(_category)
    author = factory.SubFactory(UserFactory)
    stadtteil = factory.LazyFunction(_stadtteil)
    location = factory.LazyAttribute(lambda idea: idea.stadtteil.label_point)
    visibility = "published"
    published_at = factory.LazyFunction(timezone.now)


# surveys
from surveys.models import Choice, Question, Survey  # noqa: E402  (appended block per app)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Umfrage {n}")
    slug = factory.Sequence(lambda n: f"umfrage-{n}")
    introduction = "Bitte sagen Sie uns Ihre Meinung."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"Frage {n}?")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Antwort {n}")


def api_key(user, scope: str = "participate", days: int = 30) -> str:
    """A live API token's key for `user` (the key itself is stored only as its hash)."""
    from accounts.tokens import token_create

    return token_create(user=user, name="Test", scope=scope, days=days)[1]
