"""A member's notifications (/notifications/): the list, and marking them read (POST only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.members import notifications as notification_service
from cop.members.models import Notification

NOTIFICATIONS_PER_PAGE = 30


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
