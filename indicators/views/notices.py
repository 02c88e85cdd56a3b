"""A person's notices in the app (Thông báo): returns, approvals, periods opening and deadlines (indicators.reminders
makes them). Only the recipient ever sees a notice; opening the list marks the notices shown read, and following a
notice marks it read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from indicators.models import Notification

NOTICES_PER_PAGE = 30


def unread_notices(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@login_required
@require_GET
def notice_list(request):
    """Newest first, a page at a time; the page's unread notices are shown as new, then marked read. Four queries
    whatever the number of notices (the count, the page, marking it read, the header's badge)."""
    notices = Notification.objects.filter(recipient=request.user).only(
        "pk", "subject", "body", "link", "created_at", "read_at"
    )
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    unread = [notice.pk for notice in rows if notice.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread, recipient=request.user).update(read_at=timezone.now())
    return render(request, "indicators/notices.html", {"page": page, "rows": rows, "unread": set(unread)})


@login_required
@require_GET
def notice_open(request, pk: int):
    """Follow a notice to where it leads, marking it read; another person's notice does not exist (404)."""
    notice = get_object_or_404(Notification.objects.only("pk", "link", "read_at"), pk=pk, recipient=request.user)
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("notices")
