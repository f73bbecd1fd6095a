from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "eppid.portal"
    label = "portal"
