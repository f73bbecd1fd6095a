from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "eppid.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # local: app registry not ready at import; registers the retention rules
        from eppid.notifications import retention  # noqa: F401
