from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eppid.accounts"
    label = "accounts"

    def ready(self):
        from eppid.accounts import signals  # noqa: F401  (connects the receivers)
