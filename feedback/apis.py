"""API of feedback on plan features: the published feedback of a feature, and giving feedback."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import permissions, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from edge.errors import api_error
from edge.fields import OptionalPointInput
from edge.limits import action_wait, too_many_response
from edge.parsers import JSONParser
from feedback import selectors, services
from feedback.models import Feedback
from geo import disclosure as policy
from geo.spatial import point_from_lonlat
from layers.models import Feature


class Pagination(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100


class OpinionsOutput(serializers.Serializer):
    """Counts and shares as published by the disclosure policy: null where suppressed, small noise above."""

    feedback_count = serializers.IntegerField(source="total")
    counts = serializers.DictField(child=serializers.IntegerField(allow_null=True), allow_null=True)
    shares = serializers.DictField(child=serializers.FloatField(allow_null=True), allow_null=True)
    disclosure = serializers.SerializerMethodField()

    def get_disclosure(self, opinions) -> dict:
        return policy.disclosure(exact=False)


class FeedbackOutput(serializers.ModelSerializer):
    author = serializers.CharField(source="author.public_name")
    lon = serializers.SerializerMethodField()
    lat = serializers.SerializerMethodField()
    stadtteil = serializers.CharField(source="stadtteil.name", allow_null=True, default=None)
    decision = serializers.CharField(source="public_decision")
    decision_label = serializers.CharField(source="get_public_decision_display")
    decision_reason = serializers.CharField(source="public_reason")
    decision_released_at = serializers.DateTimeField(source="released_at")

    class Meta:
        model = Feedback
        fields = ["id", "author", "opinion", "text", "lon", "lat", "stadtteil", "created_at", "decision",
                  "decision_label", "decision_reason", "decision_released_at"]  # fmt: skip

    def get_lon(self, feedback) -> float | None:
        return round(feedback.location.x, 6) if feedback.point_given else None

    def get_lat(self, feedback) -> float | None:
        return round(feedback.location.y, 6) if feedback.point_given else None


class FeatureFeedbackPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FeedbackOutput(many=True)
    opinions = OpinionsOutput()
    closed = serializers.DictField(child=serializers.CharField(), allow_null=True, help_text="null: open")


def _feature(layer_id: int, feature_id: int) -> Feature:
    return get_object_or_404(Feature.objects.select_related("layer__project"), pk=feature_id, layer_id=layer_id)


class FeatureFeedbackApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema_serializer(component_name="FeedbackCreate")
    class InputSerializer(OptionalPointInput):
        opinion = serializers.ChoiceField(choices=Feedback.Opinion.choices)
        # The service says "at most 2000 characters"; this only keeps absurd bodies away from it.
        text = serializers.CharField(max_length=20_000, trim_whitespace=True)
        photo = serializers.FileField(required=False)

    def get_permissions(self):
        return [permissions.IsAuthenticated()] if self.request.method == "POST" else []

    @extend_schema(
        summary="Veröffentlichte Rückmeldungen zu einem Objekt mit Abwägung und Meinungszahlen",
        responses=FeatureFeedbackPage,
    )
    def get(self, request, layer_id: int, feature_id: int):
        feature = _feature(layer_id, feature_id)
        paginator = Pagination()
        rows = selectors.public_feedback(project=feature.layer.project, feature_id=feature.pk).order_by(
            "-created_at", "-id"
        )
        page = paginator.paginate_queryset(rows, request, view=self)
        response = paginator.get_paginated_response(FeedbackOutput(page, many=True).data)
        response.data["opinions"] = OpinionsOutput(selectors.feature_opinions(feature=feature)).data
        response.data["closed"] = services.feature_closed_reason(feature)
        return response

    @extend_schema(
        summary="Rückmeldung zu einem Objekt geben (angemeldet, bestätigte E-Mail-Adresse)",
        request=InputSerializer,
        responses={201: FeedbackOutput},
    )
    def post(self, request, layer_id: int, feature_id: int):
        if not request.user.has_perm("feedback.take_part"):
            return Response(
                {"detail": str(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse.")), "code": "unverified"},
                status=status.HTTP_403_FORBIDDEN,
            )
        if (wait := action_wait(request, "feedback", "create")) is not None:
            return too_many_response(wait)
        feature = _feature(layer_id, feature_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            point = point_from_lonlat(values["lon"], values["lat"]) if "lon" in values else None
            feedback = services.feedback_create(
                author=request.user, feature=feature, opinion=values["opinion"], text=values["text"], point=point,
                photo=values.get("photo"),
            )  # fmt: skip
        except DjangoValidationError as error:
            raise api_error(error) from error
        if not feedback.is_public:
            return Response(
                {"id": feedback.pk, "visibility": feedback.visibility,
                 "detail": str(_("Danke! Ihre Rückmeldung wird vor der Veröffentlichung geprüft."))},
                status=status.HTTP_201_CREATED,
            )  # fmt: skip
        return Response(FeedbackOutput(feedback).data, status=status.HTTP_201_CREATED)
