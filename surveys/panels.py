"""The surveys section of a project page: its surveys, and its polls answered inline."""

from django.template.loader import render_to_string

from surveys import access, results, selectors
from surveys.forms import form_items


def render_project_panel(request, project) -> str:
    surveys = list(selectors.survey_list(user=request.user).filter(project=project))
    if not surveys:
        return ""
    token = access.respondent_token(request)
    polls = []
    for poll in (s for s in surveys if s.is_poll):
        questions = selectors.survey_questions(poll)[:1]
        voted = selectors.response_of(survey=poll, user=request.user, token=token) is not None
        # Only once the poll is closed and its results are public (or for staff): live counts would tell
        # anyone who reloads after a known person voted what that person chose.
        show_result = request.user.has_perm("surveys.view_results", poll)
        exact = request.user.has_perm("surveys.view_exact_answers", poll)
        polls.append(
            {
                "survey": poll,
                "items": form_items(questions, {}, {}),
                "can_answer": not voted and request.user.has_perm("surveys.answer_survey", poll),
                "voted": voted,
                "result": (
                    results.question_results(questions[0], places=results.districts(), exact=exact)
                    if show_result and questions
                    else None
                ),
            }
        )
    context = {
        "project": project,
        "surveys": [s for s in surveys if not s.is_poll],
        "polls": polls,
        "next": request.get_full_path(),
        "shown_from": results.SHOWN_FROM,
    }
    return render_to_string("surveys/project_panel.html", context, request=request)
