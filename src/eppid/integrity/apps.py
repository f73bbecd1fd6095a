from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

from eppid.integrity.keyring import key_file_problems


def production_key_refusal() -> None:
    """Refuse to start in production without sound key files for personal data: generating keys
    on a server would leave them outside every backup and key procedure (the other production
    refusals are in ``eppid.conf.production_problems``, which the settings apply)."""
    if not settings.PRODUCTION:
        return
    problems = key_file_problems(settings.EPPID_DATA_KEYS_FILE, settings.EPPID_BLIND_INDEX_KEY_FILE)
    if problems:
        raise ImproperlyConfigured("e-PPID refuses to start in production: " + "; ".join(problems))


class IntegrityConfig(AppConfig):
    name = "eppid.integrity"
    label = "integrity"

    def ready(self):
        # local: app registry not ready at import (models)
        from eppid.integrity.signals import connect_security_events

        production_key_refusal()
        # Each app declares its audited models once, in <app>/audit.py.
        autodiscover_modules("audit")
        connect_security_events()
