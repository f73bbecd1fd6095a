from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "eppid.integrity"
    label = "integrity"
