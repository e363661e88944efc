"""GET /api/v1/ideas/similar/: "Gibt es schon?" for the idea form and other clients."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from edge.parsers import query_input
from geo.spatial import point_from_lonlat
from overview.similar import similar_ideas


class IdeaSimilarApi(APIView):
    permission_classes = [permissions.AllowAny]

    class InputSerializer(serializers.Serializer):
        # Bounded as the idea form is: a longer draft is no idea the form would accept.
        title = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
        text = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
        lon = serializers.FloatField(required=False, default=None)
        lat = serializers.FloatField(required=False, default=None)

        def validate(self, data):
            if (data["lon"] is None) != (data["lat"] is None):
                raise serializers.ValidationError({"lat": _("Bitte geben Sie lon und lat zusammen an.")})
            return data

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        title = serializers.CharField()
        url = serializers.CharField()
        support_url = serializers.CharField()
        comment_url = serializers.CharField()
        supports = serializers.IntegerField()
        comments = serializers.IntegerField()
        distance_m = serializers.IntegerField(allow_null=True)
        shares_words = serializers.BooleanField()

    @extend_schema(
        summary="Die drei ähnlichsten veröffentlichten Ideen zu einem Entwurf (nach Wörtern und Nähe)",
        operation_id="ideas_similar",
        parameters=[InputSerializer],
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request):
        params = query_input(self.InputSerializer, request)
        d = params.validated_data
        point = None
        if d["lon"] is not None:
            try:
                point = point_from_lonlat(d["lon"], d["lat"])
            except ValidationError as error:
                return Response(error.message_dict, status=400)
        ideas = similar_ideas(title=d["title"], text=d["text"], point=point)
        return Response(self.OutputSerializer(ideas, many=True).data)
