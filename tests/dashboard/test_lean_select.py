"""The filter form's selects, written without a template per option, are byte for byte Django's."""

import pytest
from django import forms
from django.utils.translation import gettext_lazy, override

from dashboard.filters import FilterForm
from edge.widgets import LeanSelect
from tests.factories import ChoiceFactory, ProjectFactory, QuestionFactory, SurveyFactory

NASTY = "A <b>&amp; \"quoted\" 'x'"


def _django(widget: LeanSelect, *args, **kwargs) -> str:
    return forms.Select.render(widget, *args, **kwargs)


def test_options_groups_and_attributes_as_django_writes_them():
    choices = [
        ("", "---"),
        (NASTY, NASTY),
        ("lazy", gettext_lazy("Ideen")),
        (1000, 1234.5),  # a number label is localized ("1234,5" in German), as {{ label }} does
        ('Gruppe <&">', [("1", "eins"), ("2", "zwei & drei")]),
        ("3", "drei"),
    ]
    widget = LeanSelect(choices=choices, attrs={"class": "x", "data-on": True, "data-off": False, "data-n": None})
    attrs = {"id": "id_f", "aria-describedby": "id_f-hint", "aria-invalid": "true", "required": True}
    for value in (None, "", "2", NASTY, 1000, "missing"):
        for lang in ("de", "en"):
            with override(lang):
                lean = widget.render("f<", value, attrs=attrs)
                assert lean == _django(widget, "f<", value, attrs=attrs)
    assert "&lt;b&gt;&amp;amp; &quot;quoted&quot; &#x27;x&#x27;" in lean
    assert '<option value="2" selected>zwei &amp; drei</option>' in widget.render("f", "2")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["de", "en"])
def test_filter_form_renders_as_before(known_survey, lang):
    """Every select of the form, bound as the dashboard pages bind it: with a chosen project, survey, question
    and answer (their lists follow the survey), with labels that need escaping, and with an error."""
    for n in range(30):
        ProjectFactory(title=f"{NASTY} {n}")
    survey = SurveyFactory(title=f"Umfrage {NASTY}")
    question = QuestionFactory(survey=known_survey["survey"], order=3, kind="single", text=f"Frage {NASTY}?")
    ChoiceFactory(question=question, text=f"Antwort {NASTY}")
    project = known_survey["survey"].project
    chosen = {
        "project": project.pk, "survey": known_survey["survey"].pk, "question": known_survey["question"].pk,
        "choice": known_survey["ja"].pk, "status": "angenommen", "shape": "hexagon", "level": "ortsbezirk",
    }  # fmt: skip
    cases = [None, {}, chosen, {"survey": known_survey["survey"].pk, "measure": "share"}, {"survey": survey.pk}]
    selects = [name for name, field in FilterForm().fields.items() if isinstance(field.widget, LeanSelect)]
    assert len(selects) == 9
    with override(lang):
        for data in cases:
            form = FilterForm(data)
            form.is_valid()
            for name in selects:
                bound = form[name]
                lean = str(bound)
                bound.field.widget.render = lambda *a, widget=bound.field.widget, **kw: _django(widget, *a, **kw)
                assert lean == str(bound), (data, name)
                del bound.field.widget.render
    assert 'aria-invalid="true"' in str(FilterForm(cases[3])["choice"])
    assert NASTY not in str(FilterForm({"survey": survey.pk})["project"])  # escaped, never raw


def test_a_moment_as_label_is_shown_in_local_time_as_django_shows_it():
    """{{ label }} converts an aware datetime to the current time zone before localizing it."""
    import datetime

    widget = LeanSelect(choices=[("1", datetime.datetime(2026, 3, 1, 11, 0, tzinfo=datetime.UTC))])
    assert widget.render("f", "1") == _django(widget, "f", "1")
