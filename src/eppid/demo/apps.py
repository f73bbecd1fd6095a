from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo staff, requests and information-list entries for ``make run`` (``load_demo``)."""

    name = "eppid.demo"
    label = "demo"
