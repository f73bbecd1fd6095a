from datetime import date

from django.core.management.base import BaseCommand, CommandError

from eppid.reminders.services import reminders_send


class Command(BaseCommand):
    help = "Send today's deadline reminders to the units' officers (idempotent; the daily job does the same)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        sent = reminders_send(today=today)
        for reminder in sent:
            number = reminder.request.registration_number
            self.stdout.write(f"{number} {reminder.kind} -> {reminder.recipient_count} officer(s)")
        self.stdout.write(f"{len(sent)} reminder(s) sent")
