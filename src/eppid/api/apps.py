from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "eppid.api"
    label = "api"
