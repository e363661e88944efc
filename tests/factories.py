"""factory_boy factories for every app's models; tests build their data with these."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from layers.models import Project


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"buerger{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.Faker("first_name", locale="de_DE")
    password = factory.django.Password("Kaiserslautern-2026")

    @factory.post_generation
    def roles(self, create, roles: list[Role] | None, **kwargs):
        for role in roles or []:
            self.groups.add(Group.objects.get(name=role.value))


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Vorhaben {n}")
    slug = factory.Sequence(lambda n: f"vorhaben-{n}")
    summary = "Ein Vorhaben der Stadt Kaiserslautern."
    topic = Project.Topic.STADTPLANUNG
    ideas_open_from = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=7))


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
