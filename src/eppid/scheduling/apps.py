from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SchedulingConfig(AppConfig):
    name = "eppid.scheduling"
    label = "scheduling"

    def ready(self):

        # Each app declares its tasks and periodic jobs in <app>/tasks.py.
        autodiscover_modules("tasks")
