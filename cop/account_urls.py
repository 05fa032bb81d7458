"""Accounts, joining, notifications, and the coordinators' pages for applications."""

from django.urls import path, register_converter

from cop import account_views, membership_views


class UsernameConverter:
    """What Django's username validator allows (letters, digits and @ . + - _), so anything
    else in a member's address (a NUL byte, "%", a space) is simply not found."""

    regex = r"[\w.@+-]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UsernameConverter, "username")

app_name = "accounts"

urlpatterns = [
    path("accounts/sign-in/", account_views.SignInView.as_view(), name="login"),
    path("accounts/sign-out/", account_views.SignOutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        account_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        account_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        account_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", account_views.account, name="account"),
    path("account/preferences/", account_views.account_preferences, name="preferences"),
    path("members/<username:username>/", account_views.member_profile, name="member"),
    path("notifications/", account_views.notification_list, name="notifications"),
    path(
        "notifications/read-all/",
        account_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        account_views.notification_read,
        name="notification_read",
    ),
    path("join/", membership_views.join, name="join"),
    path("join/thanks/", membership_views.join_done, name="join_done"),
    path("curation/applications/", membership_views.application_list, name="applications"),
    path(
        "curation/applications/<int:pk>/",
        membership_views.application_detail,
        name="application",
    ),
    path(
        "curation/applications/<int:pk>/approve/",
        membership_views.application_approve,
        name="application_approve",
    ),
    path(
        "curation/applications/<int:pk>/decline/",
        membership_views.application_decline,
        name="application_decline",
    ),
]
