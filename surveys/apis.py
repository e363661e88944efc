"""Public API of surveys: list, questions, submitting a response, aggregated results."""

import contextlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from edge.limits import too_many_response
from edge.outage import CACHE_ERRORS
from edge.parsers import query_input
from geo.disclosure import disclosure
from surveys import access, results, selectors
from surveys.models import Choice, Question, Survey
from surveys.services import SURVEY_ERROR, response_submit


class SurveyOutputSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    is_open = serializers.SerializerMethodField()
    results_available = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Survey
        fields = [
            "id", "slug", "title", "introduction", "project", "opens_at", "closes_at", "is_open", "access",
            "is_poll", "results_public", "results_available", "url",
        ]  # fmt: skip

    def get_is_open(self, survey) -> bool:
        return survey.is_open()

    def get_results_available(self, survey) -> bool:
        return self.context["request"].user.has_perm("surveys.view_results", survey)


class SurveyListApi(APIView):
    @extend_schema(summary="Umfragen und Abstimmungen", responses=SurveyOutputSerializer(many=True))
    def get(self, request):
        surveys = selectors.survey_list(user=request.user)
        return Response(SurveyOutputSerializer(surveys, many=True, context={"request": request}).data)


@extend_schema_serializer(component_name="SurveyChoice")
class SurveyChoiceOutput(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "text"]


@extend_schema_serializer(component_name="SurveyQuestion")
class SurveyQuestionOutput(serializers.ModelSerializer):
    choices = SurveyChoiceOutput(many=True, read_only=True)  # empty for questions without choices

    class Meta:
        model = Question
        fields = [
            "id", "order", "kind", "text", "help_text", "required", "allow_other", "scale_min", "scale_max",
            "scale_min_label", "scale_max_label", "number_min", "number_max", "show_if_choice", "choices",
        ]  # fmt: skip


@extend_schema_serializer(component_name="SurveyDetail")
class SurveyDetailOutput(SurveyOutputSerializer):
    questions = serializers.SerializerMethodField()

    class Meta(SurveyOutputSerializer.Meta):
        fields = [*SurveyOutputSerializer.Meta.fields, "questions"]

    @extend_schema_field(SurveyQuestionOutput(many=True))
    def get_questions(self, survey) -> list[dict]:
        return SurveyQuestionOutput(selectors.survey_questions(survey), many=True).data


class SurveyDetailApi(APIView):
    @extend_schema(
        summary="Eine Umfrage mit ihren Fragen", operation_id="surveys_retrieve", responses=SurveyDetailOutput
    )
    def get(self, request, survey_id: int):
        if request.user.is_authenticated:  # by session or token: what they see depends on who they are
            return Response(self._detail(request, survey_id))
        return Response(self._shared_detail(request, survey_id))

    @staticmethod
    def _detail(request, survey_id: int) -> dict:
        return SurveyDetailOutput(
            selectors.survey_or_404(request.user, pk=survey_id), context={"request": request}
        ).data

    def _shared_detail(self, request, survey_id: int) -> dict:
        """What every visitor without an account sees (the form a survey week opens thousands of times), shared
        for PAGE_CACHE_SECONDS like the survey's own page (config/pagecache.py): an edit of the questions or the
        opening and closing show within that time, the submission checks the survey itself."""
        key = f"surveys:api:detail:{survey_id}:{request.LANGUAGE_CODE}"
        data = None
        with contextlib.suppress(CACHE_ERRORS):  # Redis down: answered as without the cache
            data = cache.get(key)
        if data is None:
            data = self._detail(request, survey_id)  # a 404 raises here and is not stored
            with contextlib.suppress(CACHE_ERRORS):
                cache.set(key, data, settings.PAGE_CACHE_SECONDS)
        return data


class ResponseCreateApi(APIView):
    @extend_schema_serializer(component_name="SurveyResponseInput")
    class InputSerializer(serializers.Serializer):
        answers = serializers.DictField(
            help_text='Antworten nach Frage-ID: Auswahl-ID (Einfachauswahl), {"choices": [IDs], "other": Text} '
            "(Mehrfachauswahl), [IDs in Rangfolge], Text, Zahl, GeoJSON-Geometrie (Kartenfragen), "
            "Stadtteil-Nummer („Ihr Stadtteil“)."
        )

    @extend_schema(
        summary="An einer Umfrage teilnehmen (mit Konto: erneut senden ändert die Antworten)",
        request=InputSerializer,
        responses={
            201: inline_serializer("SurveyResponseCreated", {"id": serializers.IntegerField()}),
            400: OpenApiResponse(description="Fehler je Frage: errors.q<ID> = {question, text, message}"),
            403: OpenApiResponse(description="Anmeldung nötig oder Umfrage geschlossen"),
            429: OpenApiResponse(description="Zu viele anonyme Antworten von dieser IP-Adresse"),
        },
    )
    def post(self, request, survey_id: int):
        survey = selectors.survey_or_404(request.user, pk=survey_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = request.user if request.user.is_authenticated else None
        token = access.respondent_token(request)
        new_token = None
        if user is None and survey.access == Survey.Access.ANONYMOUS:
            if token is None:
                token = new_token = access.new_token()
            if (wait := access.anonymous_retry_after(request)) is not None:
                return too_many_response(wait)
        try:
            # Without an account an earlier response is refused (one per browser), so a success is a new one.
            created = user is None or selectors.response_of(survey=survey, user=user) is None
            response = response_submit(survey=survey, user=user, token=token, answers=payload.validated_data["answers"])
        except ValidationError as error:
            return self._error(survey, error)
        body = {"id": response.pk, "stadtteil": response.stadtteil.number if response.stadtteil else None}
        reply = Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
        if new_token:
            access.remember_token(reply, new_token)
        return reply

    def _error(self, survey: Survey, error: ValidationError) -> Response:
        messages = {key: value[0] for key, value in error.message_dict.items()}
        if SURVEY_ERROR in messages:
            return Response({"detail": messages[SURVEY_ERROR]}, status=status.HTTP_403_FORBIDDEN)
        questions = {q.field_name: q for q in survey.questions.all()}
        errors = {
            key: {"question": questions[key].pk, "text": questions[key].text, "message": message}
            for key, message in messages.items()
        }
        return Response(
            {"detail": _("Bitte prüfen Sie Ihre Antworten."), "errors": errors}, status=status.HTTP_400_BAD_REQUEST
        )


class SurveyResultsApi(APIView):
    class InputSerializer(serializers.Serializer):
        verified = serializers.BooleanField(
            default=False, help_text="Nur Antworten mit Konto (ohne die unbestätigten anonymen)"
        )

    @extend_schema(
        parameters=[InputSerializer],
        summary="Ergebnisse: je Frage gesamt, je Stadtteil und Ortsbezirk, Dichtegitter für Kartenfragen; "
        f"Gruppen mit weniger als {results.SHOWN_FROM} Teilnahmen werden nicht ausgewiesen (n = null, suppressed), "
        "alle anderen Zahlen nach dem Cell-Key-Verfahren leicht verändert (perturbed); siehe docs/privacy.md",
        responses={200: OpenApiResponse(description="Ergebnisse je Frage"), 403: OpenApiResponse()},
    )
    def get(self, request, survey_id: int):
        params = query_input(self.InputSerializer, request)
        survey = selectors.survey_or_404(request.user, pk=survey_id)
        if not request.user.has_perm("surveys.view_results", survey):
            raise PermissionDenied(_("Die Ergebnisse werden nach dem Ende der Umfrage veröffentlicht."))
        exact = request.user.has_perm("surveys.view_exact_answers", survey)
        texts = request.user.has_perm("surveys.view_free_texts", survey)
        verified_only = params.validated_data["verified"]
        data = results.survey_results(survey, exact=exact, texts=texts, verified_only=verified_only)
        return Response(
            {
                "survey": survey.pk,
                "exact": exact,
                "verified_only": verified_only,
                "min_group": results.MIN_GROUP,
                "disclosure": disclosure(exact=exact),
                "questions": data,
            }
        )
