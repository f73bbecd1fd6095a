"""``create_api_token USERNAME [--name NAME]``: the token is alone on the last line of output."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eppid.accounts.services import api_token_create
from eppid.organisation.selectors import memberships_for_user


class Command(BaseCommand):
    help = "Create an API token for a staff user and print it (shown once; only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is deactivated; no token was created.")
        if not user.is_superuser and not memberships_for_user(user).exists():
            self.stderr.write(
                f"Note: {username} serves no unit yet; the token is refused until they are given a role."
            )
        try:
            token, plaintext = api_token_create(user=user, name=name or "command line")
        except ValidationError as error:
            raise CommandError(f"The name is not valid: {' '.join(error.messages)}") from error
        self.stdout.write(f"Created API token {token.prefix!r} for {username}. It is shown only once:")
        self.stdout.write(plaintext)
