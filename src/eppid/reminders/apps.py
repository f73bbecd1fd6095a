from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "eppid.reminders"
    label = "reminders"
