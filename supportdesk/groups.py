"""The "support" group: what support staff need to answer users, and nothing that edits them."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

SUPPORT_GROUP = "support"

# Read everything a user's question may lead to; act only through the guarded actions. No
# `change_user`: whoever may edit a user may also make them (or themselves) a superuser.
SUPPORT_PERMISSIONS = (
    "accounts.view_user",
    "accounts.view_signinsession",
    "accounts.revoke_signinsession",
    "tokens.view_tokenaccount",
    "tokens.view_tokentransaction",
    "tokens.view_tokenhold",
    "tokens.adjust_tokenaccount",
    "deals.view_deal",
    "ai.view_analysis",
    "ai.view_llmattempt",
    "ai.requeue_analysis",
    "idempotency.view_idempotencyrecord",
    "monitoring.view_errorevent",
    "webhooks.view_webhookendpoint",
    "webhooks.view_webhookevent",
    "webhooks.view_webhookdelivery",
    "webhooks.replay_webhookdelivery",
)


def ensure_support_group(
    app_config: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """After every migrate (and flush): the group exists; made afresh, it holds SUPPORT_PERMISSIONS.

    Django creates each app's permissions as that app's post_migrate signal goes out, so this
    waits for the last app's. An existing group is left as an administrator left it.
    """
    with_models = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if app_config is not with_models[-1]:
        return
    apps = kwargs.get("apps") or global_apps
    # This receiver may run before Django's own for this same app (the admin app is ready first).
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, created = group_model.objects.using(using).get_or_create(name=SUPPORT_GROUP)
    if not created:
        return  # what an administrator changed in the group stays as they left it
    wanted = [name.split(".") for name in SUPPORT_PERMISSIONS]
    permissions = [
        permission_model.objects.using(using).get(
            content_type__app_label=app_label, codename=codename
        )
        for app_label, codename in wanted
    ]
    group.permissions.add(*permissions)
