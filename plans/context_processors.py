"""What every template may ask: `can` (plans.access.Permissions) for the signed-in user."""

from plans.access import Permissions


def permissions(request):
    return {"can": Permissions(request.user)}
