"""Who may open which editor page. Anonymous visitors are sent to sign in; a signed-in account
without the role gets 403 (sending them to a login form they already passed would loop)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from incidents.roles import is_editor, is_reviewer


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("editor:login"))
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


editor_required = _require(is_editor)
reviewer_required = _require(is_reviewer)
