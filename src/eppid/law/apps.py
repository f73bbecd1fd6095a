from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "eppid.law"
    label = "law"
