"""``changepassword [USERNAME]``: Django's own command, and then what a password set by a system
administrator always does here (decision 1241): the user's API tokens revoked and the event
``password_set_by_admin`` logged, in the same transaction as the new password.

It replaces ``django.contrib.auth``'s command because ``eppid.accounts`` is listed before it.
"""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import changepassword
from django.db import transaction

from eppid.accounts.services import SET_BY_ADMIN, api_tokens_revoke_all
from eppid.integrity.signals import security_event


class Command(changepassword.Command):
    help = changepassword.Command.help + " Revokes the user's API tokens."

    def handle(self, *args, **options):
        username = options["username"] or getpass.getuser()
        database = options["database"]
        with transaction.atomic(using=database):
            done = super().handle(*args, **options)
            user_model = get_user_model()
            user = user_model._default_manager.using(database).get(**{user_model.USERNAME_FIELD: username})
            security_event(SET_BY_ADMIN, user=user)
            revoked = api_tokens_revoke_all(user=user)
        return f"{done}\n{revoked} API token(s) of this user revoked."
