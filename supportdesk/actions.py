"""Admin actions that move money or re-run jobs, refused outright to staff without their right;
and change lists that no form edits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class GuardedActionsMixin:
    """A POST of one of this admin's actions by someone it is hidden from answers 403.

    Django already leaves such an action out of the menu and ignores it when posted (it is not
    among the form's choices); answering 403 tells a forged request apart from a slip.
    """

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        posted = request.POST.getlist("action") if request.method == "POST" else []
        allowed = self.get_actions(request)
        if any(name in (self.actions or ()) and name not in allowed for name in posted):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)


class ReadOnlyAdminMixin:
    """Nothing here is added, edited or deleted through a form (ledgers, attempts, sessions)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
