"""Accounts, profiles and notifications: signing in and out, passwords, a member's page.

Django's own auth views do the work; these classes only name our templates, forms and URLs.
Pages for joining and for deciding on applications are in cop.membership_views.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop import notifications as notification_service
from cop.forms import MemberPasswordResetForm, PreferencesForm, SignInForm
from cop.models import MemberProfile, Notification
from cop.roles import is_coordinator
from practices.models import Practice
from practices.permissions import visible_practices

NOTIFICATIONS_PER_PAGE = 30


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


def _contributions(owner, viewer):
    """The owner's practices: every status for themself and coordinators, else published."""
    if viewer.pk == owner.pk or is_coordinator(viewer):
        practices = Practice.objects.filter(contributor=owner)
    else:
        practices = visible_practices(viewer).filter(contributor=owner)
    return practices.order_by("-updated_at", "title")


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
            "contributions": _contributions(owner, request.user),
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


@require_GET
@login_required
def notification_list(request):
    mine = Notification.objects.for_user(request.user)
    page = Paginator(mine, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cop/account/notification_list.html",
        {"page": page, "unread_count": mine.unread().count()},
    )


def _is_local_path(target):
    """True for a path on this site ("/practices/…"), never another host or a view name."""
    return (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, allowed_hosts=set())
    )


def _back_to_list(request):
    # `next` is typed by anyone: only a path on this site is followed. It goes to
    # HttpResponseRedirect, never to redirect(), which would try a view name like "-1" or
    # "ABC" with reverse() and fail with a server error.
    target = request.POST.get("next", "")
    if _is_local_path(target):
        return HttpResponseRedirect(target)
    return redirect("accounts:notifications")


@require_POST
@login_required
def notification_read(request, pk):
    # Another user's notification is not found, rather than forbidden: ids reveal nothing.
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notification_service.mark_read(notification=notification)
    if request.POST.get("open") and _is_local_path(notification.url):
        return HttpResponseRedirect(notification.url)
    return _back_to_list(request)


@require_POST
@login_required
def notifications_read_all(request):
    changed = notification_service.mark_all_read(user=request.user)
    if changed:
        messages.success(request, _("All your notifications are marked as read."))
    return _back_to_list(request)
