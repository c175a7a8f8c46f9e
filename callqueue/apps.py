from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    desk = ["callqueue.view_queueline", "callqueue.view_ticket", "callqueue.add_ticket", "callqueue.change_ticket"]
    grant(Role.WINDOW_STAFF, desk)
    grant(Role.COMMUNITY_ADMIN, [*desk, "callqueue.add_queueline", "callqueue.change_queueline"])


class CallqueueConfig(AppConfig):
    """排队叫号: tickets per service line, called by the clerks of the hall's windows in turn."""

    name = "callqueue"
    verbose_name = _("Take-a-number queue")
    nav = [{"label": _("Queue"), "url": "callqueue:desk", "permission": "callqueue.change_ticket"}]

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
