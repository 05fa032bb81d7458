"""Signing in and out, passwords (/accounts/), a member's own page (/account/) and others'
(/members/<username>/).

Django's own auth views do the work; these classes only name our templates, forms and URLs.
A member's practices are listed by the template through practices' inclusion tag
`member_practices`, which asks practices' own read rule.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.members.forms import MemberPasswordResetForm, PreferencesForm, SignInForm
from cop.members.models import MemberProfile
from cop.members.roles import is_coordinator


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign out; POST only (Django's LogoutView refuses GET with 405)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = MemberPasswordResetForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        # Links in e-mails use the configured site address, never the request's Host header.
        return {"site_url": settings.SITE_URL}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


def _profile_page(request, owner):
    profile = getattr(owner, "profile", None)
    is_self = owner.pk == request.user.pk
    preferences_form = None
    if is_self:
        preferences_form = PreferencesForm(
            instance=profile or MemberProfile(user=owner), auto_id="pref_%s"
        )
    return render(
        request,
        "cop/account/profile.html",
        {
            "owner": owner,
            "profile": profile,
            "is_self": is_self,
            "show_private": is_self or is_coordinator(request.user),
            "preferences_form": preferences_form,
        },
    )


def _users_with_profile():
    # Profile pages show the member's organisation and country.
    return get_user_model().objects.select_related("profile__country")


@require_GET
@login_required
def account(request):
    owner = _users_with_profile().get(pk=request.user.pk)
    return _profile_page(request, owner)


@require_GET
@login_required
def member_profile(request, username):
    owner = get_object_or_404(_users_with_profile(), username=username, is_active=True)
    return _profile_page(request, owner)


@require_POST
@login_required
def account_preferences(request):
    profile, _created = MemberProfile.objects.get_or_create(user=request.user)
    form = PreferencesForm(request.POST, instance=profile, auto_id="pref_%s")
    if form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail preference is saved."))
        return redirect("accounts:account")
    owner = _users_with_profile().get(pk=request.user.pk)
    response = _profile_page(request, owner)
    response.status_code = 400
    return response
