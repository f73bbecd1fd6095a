from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "eppid.signing"
    label = "signing"
    verbose_name = _("Signed documents")

    def ready(self):
        # local: app registry not ready at import; registers the retention rule
        from eppid.signing import retention  # noqa: F401
