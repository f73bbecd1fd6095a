from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "eppid.reports"
    label = "reports"
