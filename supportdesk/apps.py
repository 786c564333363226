"""Django's admin app, with the support desk's site and the support group kept in place."""

from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate


class SupportAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.SupportAdminSite"

    def ready(self) -> None:
        super().ready()
        from supportdesk.groups import ensure_support_group

        post_migrate.connect(ensure_support_group, dispatch_uid="supportdesk.group")
