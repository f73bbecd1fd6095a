from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eppid.accounts"
    label = "accounts"

    def ready(self):
        # local: app registry not ready at import; connects the receivers
        from eppid.accounts import signals  # noqa: F401
