from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "eppid.office"
    label = "office"
