"""The token section of the account page: create a token (shown once) and revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices.api import tokens
from practices.api.forms import TokenForm
from practices.api.models import ApiToken


def _account_section():
    return reverse("accounts:account") + "#api-tokens"


@require_POST
@login_required
def token_create(request):
    if not tokens.may_have_tokens(request.user):
        raise PermissionDenied
    form = TokenForm(request.POST, auto_id="token_%s")
    if form.is_valid():
        try:
            token, raw = tokens.create_token(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = render(request, "api/token_created.html", {"token": token, "raw": raw})
            # The token is on this page only: no cache may keep a copy.
            add_never_cache_headers(response)
            return response
    response = render(request, "api/token_form.html", {"form": form}, status=400)
    return response


@require_POST
@login_required
def token_revoke(request, pk):
    # Another member's token is not found rather than forbidden: ids reveal nothing.
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    tokens.revoke_token(user=request.user, token=token)
    messages.success(
        request,
        _("The token “%(name)s” is revoked: requests that use it are now refused.")
        % {"name": token.name},
    )
    return redirect(_account_section())
