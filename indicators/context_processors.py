"""The header's count of unread notices: one query, only on a page that shows it, only for a signed-in user."""

from django.utils.functional import SimpleLazyObject

from indicators.views.notices import unread_notices


def notices(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: unread_notices(user))}
