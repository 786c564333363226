"""Create, update and delete deals: ownership, duplicates and stale writes answered properly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from deals.models import Deal
from errors import exceptions as app_errors


def _duplicate_of(*, owner: Any, url: str) -> Deal | None:
    if not url:
        return None
    return Deal.objects.filter(owner=owner, url=url).first()


def _refuse_duplicate(*, owner: Any, url: str, exclude_id: int | None = None) -> None:
    existing = _duplicate_of(owner=owner, url=url)
    if existing is not None and existing.pk != exclude_id:
        raise app_errors.DuplicateDealError(details={"deal_id": existing.pk})


# What other apps add to each deal of a list, as queryset annotations (ai: the latest verdict,
# as `latest_analysis`). They register from their AppConfig.ready(): deals may not import them.
_list_annotations: list[Callable[[QuerySet[Deal]], QuerySet[Deal]]] = []


def on_deal_list(annotate: Callable[[QuerySet[Deal]], QuerySet[Deal]]) -> None:
    _list_annotations.append(annotate)


def deal_list(*, owner: Any) -> QuerySet[Deal]:
    """The owner's deals, newest first, with what other apps annotate them with."""
    deals = Deal.objects.filter(owner=owner).order_by("-id")
    for annotate in _list_annotations:
        deals = annotate(deals)
    return deals


def deal_get(*, deal_id: int, user: Any) -> Deal:
    """The user's deal: 404 when none exists, 403 when it is not theirs."""
    deal = Deal.objects.filter(pk=deal_id).first()
    if deal is None:
        raise app_errors.ResourceNotFoundError("No such deal.")
    if deal.owner_id != user.pk:
        raise app_errors.NotOwnerError("This deal belongs to another user.")
    return deal


def deal_create(*, owner: Any, **fields: Any) -> Deal:
    """Save a deal; the same URL twice for one owner is a conflict, also when two creates race."""
    url = fields.get("url", "")
    _refuse_duplicate(owner=owner, url=url)
    try:
        with transaction.atomic():
            return Deal.objects.create(owner=owner, **fields)
    except IntegrityError:
        existing = _duplicate_of(owner=owner, url=url)
        if existing is None:
            raise
        raise app_errors.DuplicateDealError(details={"deal_id": existing.pk}) from None


def deal_update(
    *, deal: Deal, user: Any, expected_version: int | None, fields: dict[str, Any]
) -> Deal:
    """Apply `fields` only if the deal is still at `expected_version` (None: whatever version is
    current): one conditional UPDATE, so of two writers holding the same version exactly one
    succeeds. A change that changes nothing (no field, or each the value it has) updates no row
    and keeps the version, so that it puts no other tab in conflict. `deal` comes from
    `deal_get`, which checked that it is the user's."""
    if "url" in fields:
        _refuse_duplicate(owner=user, url=fields["url"], exclude_id=deal.pk)
    try:
        with transaction.atomic():
            current = Deal.objects.filter(pk=deal.pk, owner=user)
            if expected_version is not None:
                current = current.filter(version=expected_version)
            # Only a row on which some field differs (none, when no field was sent).
            changing = current.exclude(**fields) if fields else current.none()
            updated = changing.update(**fields, version=F("version") + 1, updated_at=timezone.now())
    except IntegrityError:
        existing = _duplicate_of(owner=user, url=fields.get("url", ""))
        if existing is None or existing.pk == deal.pk:
            raise
        raise app_errors.DuplicateDealError(details={"deal_id": existing.pk}) from None
    if not updated:
        current = Deal.objects.filter(pk=deal.pk).values_list("version", flat=True).first()
        if current is None:
            raise app_errors.ResourceNotFoundError("No such deal.")
        if expected_version in (None, current):
            return Deal.objects.get(pk=deal.pk)  # nothing to change
        raise app_errors.VersionMismatchError(
            f"The deal is at version {current}, not {expected_version}.",
            details={"current_version": current},
        )
    return Deal.objects.get(pk=deal.pk)


# What other apps do before a deal goes, inside its deleting transaction (ai releases the tokens
# held for its unfinished analyses). They register from their AppConfig.ready(): deals may not
# import them.
_before_delete: list[Callable[[Deal], object]] = []


def on_deal_delete(hook: Callable[[Deal], object]) -> None:
    _before_delete.append(hook)


def deal_delete(*, deal: Deal, expected_version: int | None = None) -> None:
    """Delete the deal and its analyses, once every registered app has let go of it; only if it
    is still at `expected_version` (None: whatever version is current). The row is locked
    first, so an update racing the delete either lands before the check or waits for it."""
    with transaction.atomic():
        current = (
            Deal.objects.select_for_update().filter(pk=deal.pk).values_list("version", flat=True)
        ).first()
        if current is None:
            raise app_errors.ResourceNotFoundError("No such deal.")
        if expected_version is not None and current != expected_version:
            raise app_errors.VersionMismatchError(
                f"The deal is at version {current}, not {expected_version}.",
                details={"current_version": current},
            )
        for hook in _before_delete:
            hook(deal)
        deal.delete()
