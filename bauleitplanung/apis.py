"""API of the procedure: reading it (public) and submitting a statement under the same rules as the form."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import parsers, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from bauleitplanung import selectors
from bauleitplanung.models import PlanDocument, PlanVersion, Procedure, Step
from bauleitplanung.services import statement_submit
from bauleitplanung.services.attachments import MAX_ATTACHMENTS, MAX_PDF_BYTES
from bauleitplanung.services.statements import NO_OPEN_STEP
from edge.errors import api_error
from edge.fields import OptionalPointInput
from edge.limits import action_wait, too_many_response
from edge.parsers import JSONParser
from geo.spatial import point_from_lonlat
from layers.models import Feature

attachment_rule_text = _(
    "PDF-Dateien oder Fotos (JPEG, PNG, WebP), höchstens %(n)d; PDF bis %(pdf)d MB, Fotos bis 8 MB. "
    "Nur mit multipart/form-data, das Feld wiederholt."
) % {"n": MAX_ATTACHMENTS, "pdf": MAX_PDF_BYTES // (1024 * 1024)}


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file of a multipart request (the schema says binary, not a URL)."""


class StepOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField(help_text="exclusive: the first instant after the last day (Berlin)")
    is_open = serializers.SerializerMethodField()
    is_public = serializers.BooleanField()
    statement_count = serializers.IntegerField()
    plan_version = serializers.IntegerField(source="plan_version.number", allow_null=True, default=None)

    class Meta:
        model = Step
        fields = ["id", "kind", "kind_label", "starts_on", "ends_on", "opens_at", "closes_at", "is_open",
                  "is_public", "notice_date", "notice_text", "plan_version", "statement_count"]  # fmt: skip

    def get_is_open(self, step) -> bool:
        return step.is_open()


class DocumentOutput(serializers.ModelSerializer):
    url = serializers.FileField(source="file")

    class Meta:
        model = PlanDocument
        fields = ["id", "kind", "title", "url", "pages"]


class VersionOutput(serializers.ModelSerializer):
    layers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    documents = DocumentOutput(many=True)

    class Meta:
        model = PlanVersion
        fields = ["number", "name", "xplan_class", "xplan_version", "attributes", "created_at", "layers", "documents"]


class DecisionOutput(serializers.Serializer):
    decided_on = serializers.DateField(allow_null=True)
    text = serializers.CharField()


class ProcedureOutput(serializers.Serializer):
    project = serializers.SlugField()
    plan_kind = serializers.CharField()
    steps = StepOutput(many=True)
    versions = VersionOutput(many=True)
    decision = DecisionOutput(allow_null=True)


class ProcedureApi(APIView):
    @extend_schema(
        summary="Das Bauleitplanverfahren eines Vorhabens: Schritte, Fristen, Planfassungen, Zahlen",
        responses=ProcedureOutput,
    )
    def get(self, request, slug: str):
        procedure = get_object_or_404(Procedure.objects.select_related("project"), project__slug=slug)
        decision = None
        if procedure.decision_published_at:
            decision = {"decided_on": procedure.council_decided_on, "text": procedure.decision_text}
        return Response(
            {
                "project": slug,
                "plan_kind": procedure.plan_kind,
                "steps": StepOutput(selectors.steps_with_counts(procedure), many=True).data,
                "versions": VersionOutput(procedure.versions.prefetch_related("layers", "documents"), many=True).data,
                "decision": decision,
            }
        )


class StatementCreateApi(APIView):
    # Multipart for attachments (field `attachments`, repeated); JSON without.
    parser_classes = [JSONParser, parsers.MultiPartParser]

    @extend_schema_serializer(component_name="StatementCreate")
    class InputSerializer(OptionalPointInput):
        # The service checks the real bounds; these keep absurd bodies away from it.
        text = serializers.CharField(max_length=40_000)
        name = serializers.CharField(max_length=400, required=False, allow_blank=True)
        email = serializers.CharField(max_length=400, required=False, allow_blank=True)
        address = serializers.CharField(max_length=1000, required=False, allow_blank=True)
        feature = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
        document = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
        page = serializers.IntegerField(required=False, min_value=1, max_value=10_000)
        # Multipart only; the service checks their number, kind and size (the rule is in help_text).
        attachments = serializers.ListField(
            child=UploadField(), required=False, max_length=10, help_text=attachment_rule_text
        )

    @extend_schema(
        summary="Stellungnahme abgeben (während eines öffentlichen Verfahrensschritts, auch ohne Konto)",
        request=InputSerializer,
        responses={201: dict},
    )
    def post(self, request, slug: str):
        procedure = get_object_or_404(Procedure.objects.select_related("project"), project__slug=slug)
        wait = action_wait(request, "bauleitplanung", "statement")
        if wait is not None:
            return too_many_response(wait)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        step = selectors.open_public_step(procedure)
        if step is None:
            raise ValidationError({"step": NO_OPEN_STEP})
        user = request.user if request.user.is_authenticated else None
        try:
            location = point_from_lonlat(values["lon"], values["lat"]) if "lon" in values else None
            feature = document = None
            if "feature" in values:
                feature = Feature.objects.filter(pk=values["feature"], layer__project_id=procedure.project_id).first()
                if feature is None:
                    raise DjangoValidationError({"feature": _("Dieses Objekt gehört nicht zu diesem Plan.")})
            if "document" in values:
                document = PlanDocument.objects.filter(pk=values["document"], version__procedure=procedure).first()
                if document is None:
                    raise DjangoValidationError({"document": _("Dieses Dokument gehört nicht zu diesem Plan.")})
            statement = statement_submit(
                step=step, text=values["text"], user=user, name=values.get("name", ""),
                email=values.get("email", ""), address=values.get("address", ""), location=location,
                feature=feature, document=document, page=values.get("page"),
                attachments=values.get("attachments", []),
            )  # fmt: skip
        except DjangoValidationError as error:
            raise api_error(error) from error
        return Response(
            {"number": statement.number, "step": step.kind, "received_at": statement.received_at,
             "receipt": bool(statement.email)},
            status=status.HTTP_201_CREATED,
        )  # fmt: skip
