"""Public pages: a project's feedback with released decisions, one feature's thread and form, reporting."""

import json
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edge.errors import errors_on
from edge.fields import posted_id
from edge.follow import follow_page
from edge.limits import form_over_limit, limited_page
from edge.paging import paginate
from feedback import selectors, services
from feedback.forms import FeedbackForm, ReportForm
from feedback.models import Feedback, FeedbackFollow
from feedback.styling import LEGEND
from geo.spatial import point_from_lonlat
from layers.models import Feature, Project

PAGE_SIZE = 25


def feature_or_404(project: Project, feature_id: int) -> Feature:
    try:
        return selectors.feature_detail(project=project, feature_id=feature_id)
    except Feature.DoesNotExist:
        raise Http404 from None


def feedback_photo(request, slug: str, pk: int):
    """The photo of an entry, for whoever may see the entry (pending, rejected, hidden: staff and author)."""
    item = Feedback.objects.filter(pk=pk, project__slug=slug).first()
    if item is None or not item.photo or not request.user.has_perm("feedback.view_feedback", item):
        raise Http404
    content_type = mimetypes.guess_type(item.photo.name)[0] or "application/octet-stream"
    return FileResponse(item.photo.open("rb"), content_type=content_type)


def public_list(request, slug: str):
    project = get_object_or_404(Project, slug=slug)
    layers = list(selectors.open_layers(project=project))
    layer_id = posted_id(request.GET.get("ebene"))
    rows = selectors.public_feedback(project=project, layer_id=layer_id).order_by("-created_at", "-id")
    page, query = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "feedback/public_list.html",
        {
            "project": project,
            "layers": layers,
            "layer_id": layer_id,
            "page": page,
            "query": query,
            "by_stadtteil": selectors.opinions_by_stadtteil(project=project),
            "following": request.user.is_authenticated
            and FeedbackFollow.objects.filter(project=project, user=request.user).exists(),
            "can_review": request.user.has_perm("feedback.view_review"),
        },
    )


@login_required
@require_POST
def follow(request, slug: str):
    project = get_object_or_404(Project, slug=slug)
    on = request.POST.get("follow") == "1"
    return follow_page(
        request, follow=on, rule="feedback.take_part", scope="feedback",
        back=reverse("feedback:public-list", kwargs={"slug": project.slug}),
        write=lambda: services.follow_set(project=project, user=request.user, follow=on),
        done=_("Sie erhalten eine E-Mail, wenn die Stadt Abwägungen veröffentlicht.") if on
        else _("Sie erhalten keine E-Mails mehr zu diesem Vorhaben."),
    )  # fmt: skip


def feature_page(request, slug: str, feature_id: int):
    project = get_object_or_404(Project, slug=slug)
    feature = feature_or_404(project, feature_id)
    closed = services.feature_closed_reason(feature)
    form = FeedbackForm(request.POST or None, request.FILES or None)
    wait = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("feedback.take_part"):
            raise PermissionDenied
        wait = form_over_limit(request, form, "feedback", "create")
        if wait is None and form.is_valid():
            data = form.cleaned_data
            with errors_on(form):
                point = point_from_lonlat(data["lon"], data["lat"]) if data.get("lon") is not None else None
                feedback = services.feedback_create(
                    author=request.user, feature=feature, opinion=data["opinion"], text=data["text"], point=point,
                    photo=data.get("photo"),
                )  # fmt: skip
                messages.success(
                    request,
                    _("Danke! Ihre Rückmeldung ist veröffentlicht.")
                    if feedback.is_public
                    else _("Danke! Ihre Rückmeldung wird vor der Veröffentlichung geprüft."),
                )
                return redirect("feedback:feature", slug=project.slug, feature_id=feature.pk)
        status = 400 if form.errors else 200
    else:
        status = 200
    rows = selectors.public_feedback(project=project, feature_id=feature.pk).order_by("-created_at", "-id")
    page, query = paginate(request, rows, PAGE_SIZE)
    page_response = render(
        request,
        "feedback/feature.html",
        {
            "project": project,
            "feature": feature,
            "attributes": feature.layer.labelled_attributes(feature.attributes),
            "closed": closed,
            "form": form,
            "page": page,
            "query": query,
            "opinions": selectors.feature_opinions(feature=feature),
            "legend": LEGEND,
            "feature_geojson": json.loads(selectors.feature_geojson(feature=feature)),
            "can_take_part": request.user.has_perm("feedback.take_part"),
            "max_distance_m": settings.FEEDBACK_MAX_DISTANCE_M,
        },
        status=status,
    )
    return limited_page(page_response, wait)


@login_required
def report(request, slug: str, pk: int):
    feedback = get_object_or_404(Feedback.objects.public().select_related("project"), pk=pk, project__slug=slug)
    form = ReportForm(request.POST or None)
    posted = request.method == "POST" and form.is_valid()
    wait = form_over_limit(request, form, "feedback", "report") if posted else None
    if posted and wait is None:
        with errors_on(form):
            services.report_create(reporter=request.user, feedback=feedback, reason=form.cleaned_data["reason"])
            messages.success(request, _("Danke! Die Moderation sieht sich die Rückmeldung an."))
            return redirect("feedback:feature", slug=slug, feature_id=feedback.feature_id)
    page = render(request, "feedback/report.html", {"feedback": feedback, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip
    return limited_page(page, wait)
