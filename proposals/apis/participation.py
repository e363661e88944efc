"""Taking part through the API: supporting and commenting."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from edge.errors import service_errors
from edge.limits import rate_limited
from proposals import selectors, services
from proposals.models import Comment, Idea


def _public_idea(pk: int) -> Idea:
    idea = Idea.objects.public().filter(pk=pk).first()
    if idea is None:
        raise Http404
    return idea


class SupportOutput(serializers.Serializer):
    supported = serializers.BooleanField()
    support_count = serializers.IntegerField()


class IdeaSupportApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Idee unterstützen (einmal pro Person)", request=None, responses=SupportOutput)
    @rate_limited("proposals", "support")
    @service_errors
    def post(self, request, pk: int):
        count = services.support_add(idea=_public_idea(pk), user=request.user)
        return Response({"supported": True, "support_count": count})

    # 200, not the 204 drf-spectacular assumes for DELETE: the answer carries the new count.
    @extend_schema(summary="Unterstützung zurückziehen", request=None, responses={200: SupportOutput})
    @rate_limited("proposals", "support")
    @service_errors
    def delete(self, request, pk: int):
        count = services.support_remove(idea=_public_idea(pk), user=request.user)
        return Response({"supported": False, "support_count": count})


class CommentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(source="author.public_name")
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class CommentWithReplies(CommentOutput):
    replies = CommentOutput(many=True)


class IdeaCommentsApi(APIView):
    @extend_schema_serializer(component_name="CommentCreate")
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=2000)
        parent = serializers.IntegerField(required=False, min_value=1)

    def get_permissions(self):
        return [permissions.IsAuthenticated()] if self.request.method == "POST" else []

    @extend_schema(summary="Kommentare einer Idee mit ihren Antworten", responses=CommentWithReplies(many=True))
    def get(self, request, pk: int):
        idea = selectors.idea_visible(pk, request.user)
        if idea is None or not idea.is_public:
            raise Http404
        return Response(CommentWithReplies(idea.top_comments, many=True).data)

    @extend_schema(
        summary="Kommentieren oder auf einen Kommentar antworten",
        request=InputSerializer,
        responses={201: CommentOutput},
    )
    @rate_limited("proposals", "comment")
    @service_errors
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = _public_idea(pk)
        parent = None
        if "parent" in data.validated_data:
            parent = Comment.objects.filter(pk=data.validated_data["parent"]).first()
            if parent is None:
                raise serializers.ValidationError({"parent": [_("Diesen Kommentar gibt es nicht.")]})
        comment = services.comment_create(
            idea=idea, author=request.user, text=data.validated_data["text"], parent=parent
        )
        return Response(CommentOutput(comment).data, status=status.HTTP_201_CREATED)
