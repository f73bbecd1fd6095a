"""Settle a confirmed false finding of verify_integrity: log the record as it is, in public."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from eppid.integrity.attest import AttestRefused, record_attest, spec_by_label


class Command(BaseCommand):
    help = (
        "After a person confirmed that a record verify_integrity reports as edited was changed only "
        "through e-PPID (docs/operations.md section 13), append an 'attest' entry with its current "
        "content to the transparency log. The entry names the administrator; it is public for ever."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "model", help="The record's type as verify_integrity names it, e.g. disclosure.InformationRequest"
        )
        parser.add_argument("ids", nargs="+", help="The record ids verify_integrity names.")
        parser.add_argument(
            "--by", required=True, help="Username of the system administrator who confirmed it."
        )

    def handle(self, *args, model, ids, by, **options):
        user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: by}).first()
        if user is None:
            raise CommandError(f"no user {by}")
        refused = 0
        try:
            spec = spec_by_label(model)
        except AttestRefused as error:
            raise CommandError(str(error)) from error
        for object_id in ids:
            try:
                finding, entry = record_attest(spec=spec, object_id=object_id, by=user)
            except AttestRefused as error:
                self.stderr.write(f"refused: {error}")
                refused += 1
                continue
            self.stdout.write(f"attested: {finding.subject} (was: {finding.problem}); log entry {entry.seq}")
        if refused:
            raise CommandError(f"{refused} record(s) not attested")
