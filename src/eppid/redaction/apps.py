from django.apps import AppConfig


class RedactionConfig(AppConfig):
    name = "eppid.redaction"
    label = "redaction"
