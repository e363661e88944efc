import json

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services, tokens
from accounts.export import exporters
from accounts.forms import ApiTokenForm, DeleteAccountForm, ProfileForm
from accounts.models import ApiToken
from edge.paging import paginate


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"display_name": user.display_name, "home_stadtteil": user.home_stadtteil}
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Ihr Profil ist gespeichert."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "delete_form": DeleteAccountForm(user=user)})


@login_required
def data_export(request):
    """Everything the platform stores about the person, as one JSON download."""
    user = request.user
    data = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "home_stadtteil": user.home_stadtteil.name if user.home_stadtteil else None,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
    }
    data["email_addresses"] = list(
        EmailAddress.objects.filter(user=user).order_by("pk").values("email", "verified", "primary")
    )
    # Never the key itself: it is a password, shown once when created.
    data["api_tokens"] = list(
        ApiToken.objects.filter(user=user).values("name", "scope", "created_at", "expires_at", "last_used_at")
    )
    data |= {name: export(user) for name, export in exporters().items()}
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="klmitwirkung-meine-daten.json"'
    return response


@login_required
@require_POST
def account_delete(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/profile.html", {"form": ProfileForm(), "delete_form": form}, status=400)
    user = request.user
    logout(request)
    services.account_delete(user=user)
    messages.success(request, _("Ihr Konto ist gelöscht. Ihre Beiträge bleiben anonym erhalten."))
    return redirect("/")


@login_required
def api_tokens(request):
    """The owner's tokens: create one (its key is shown this once), see when each was last used, revoke."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = tokens.token_create(user=request.user, **form.cleaned_data)
        form = ApiTokenForm()
    page, _query = paginate(request, ApiToken.objects.filter(user=request.user), 20)
    status = 400 if form.errors else 200
    context = {"form": form, "tokens": page, "page": page, "new_key": new_key, "now": timezone.now()}
    return render(request, "accounts/api_tokens.html", context, status=status)


@login_required
@require_POST
def api_token_revoke(request, token_id: int):
    if tokens.token_revoke(user=request.user, token_id=token_id):
        messages.success(request, _("Das Token ist widerrufen."))
    return redirect("accounts:api-tokens")
