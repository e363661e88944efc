"""Taking part through the API: supporting and commenting."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from edge.errors import api_error, service_errors
from edge.lean import accepts_json, error_response, json_response, lean_view, session_user
from edge.limits import action_wait, rate_limited, too_many_response
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
    """The schema and every request the lean path below leaves to DRF (tokens, a failed CSRF check, no session)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Idee unterstützen (einmal pro Person)", request=None, responses=SupportOutput)
    @rate_limited("proposals", "support")
    @service_errors
    def post(self, request, pk: int):
        return Response(_support(request, pk, add=True))

    # 200, not the 204 drf-spectacular assumes for DELETE: the answer carries the new count.
    @extend_schema(summary="Unterstützung zurückziehen", request=None, responses={200: SupportOutput})
    @rate_limited("proposals", "support")
    @service_errors
    def delete(self, request, pk: int):
        return Response(_support(request, pk, add=False))


def _support(request, pk: int, *, add: bool) -> dict:
    """Both paths: the service checks the account and that the idea is public; one that is not is a 404."""
    idea = Idea(pk=pk)
    try:
        if add:
            count = services.support_add(idea=idea, user=request.user)
        else:
            count = services.support_remove(idea=idea, user=request.user, public_only=True)
    except services.IdeaNotPublicError as error:
        raise Http404 from error
    return {"supported": add, "support_count": count}


_SUPPORT_ALLOW = "POST, DELETE, OPTIONS"


def _support_lean(request, pk: int):
    """Vote week's request (docs/performance.md, "Signed in"): a browser session supporting or withdrawing,
    without DRF's request cycle; the same limit (429 with Retry-After), service and answers."""
    if request.method not in ("POST", "DELETE") or not accepts_json(request) or session_user(request) is None:
        return None
    if (wait := action_wait(request, "proposals", "support")) is not None:
        return too_many_response(wait)
    try:
        return json_response(_support(request, pk, add=request.method == "POST"), allow=_SUPPORT_ALLOW)
    except DjangoValidationError as error:
        return error_response(api_error(error), allow=_SUPPORT_ALLOW)
    except (Http404, PermissionDenied) as error:
        return error_response(error, allow=_SUPPORT_ALLOW)


idea_support = lean_view(IdeaSupportApi, _support_lean)


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
