import pytest
from django.utils import timezone

from tests.factories import IdeaFactory, ProjectFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_home_shows_current_projects_open_surveys_and_new_ideas(client, django_assert_max_num_queries):
    project = ProjectFactory(title="Neugestaltung des Stiftsplatzes")
    open_survey = SurveyFactory(title="Hitzeorte in Kaiserslautern")
    SurveyFactory(title="Längst vorbei", closes_at=timezone.now() - timezone.timedelta(days=1))
    idea = IdeaFactory(title="Mehr Bäume <b>bitte</b>")
    IdeaFactory(title="Noch nicht freigegeben", visibility="pending", published_at=None)

    with django_assert_max_num_queries(12):
        html = client.get("/").content.decode()

    assert project.get_absolute_url() in html
    assert open_survey.get_absolute_url() in html
    assert "Längst vorbei" not in html
    assert idea.get_absolute_url() in html
    assert "Mehr Bäume &lt;b&gt;bitte&lt;/b&gt;" in html  # user text is escaped
    assert "Noch nicht freigegeben" not in html
