from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "eppid.integrity"
    label = "integrity"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from eppid.integrity.signals import connect_security_events

        # Each app declares its audited models once, in <app>/audit.py.
        autodiscover_modules("audit")
        connect_security_events()
