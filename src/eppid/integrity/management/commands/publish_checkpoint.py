"""Sign and publish a checkpoint of the transparency log as it is now."""

from django.core.management.base import BaseCommand, CommandError

from eppid.integrity.checkpoints import CheckpointError, checkpoint_publish, checkpoint_publish_if_grown
from eppid.integrity.tree import TreeError


class Command(BaseCommand):
    help = "Publish a signed checkpoint of the transparency log (proven consistent with the last one)."

    def add_arguments(self, parser):
        parser.add_argument("--if-grown", action="store_true", help="Do nothing when the log has not grown.")

    def handle(self, *args, if_grown=False, **options):
        try:
            checkpoint = checkpoint_publish_if_grown() if if_grown else checkpoint_publish()
        except (CheckpointError, TreeError) as error:
            raise CommandError(str(error)) from error
        if checkpoint is None:
            self.stdout.write("The log has not grown since the last checkpoint; nothing published.")
            return
        self.stdout.write(checkpoint.note, ending="")
