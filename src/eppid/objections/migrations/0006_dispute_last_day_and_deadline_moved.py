"""The last day to file a dispute, kept as the signed response states it; the timeline event of a
deadline moved by a closure day (decision 1680)."""

from datetime import timedelta

from django.db import migrations, models
from django.db.models import Q


def _general_rule_set(rule_set_model, on):
    return rule_set_model.objects.filter(regime="general", effective_from__lte=on).order_by("-effective_from").first()


def backfill(apps, schema_editor):
    """Objections decided before this: the last day counted as their response counted it, on the
    calendar of that moment (closure days added after the decision left out), then logged again."""
    # local: migration code runs with the migration state's models; these helpers know none
    from django.utils import timezone

    from eppid.integrity.relog import records_relog
    from eppid.law.holiday_source import holiday_dates

    objection_model = apps.get_model("objections", "Objection")
    rule_model = apps.get_model("law", "DeadlineRule")
    rule_set_model = apps.get_model("law", "DeadlineRuleSet")
    closure_model = apps.get_model("law", "ClosureDay")
    decided = objection_model._base_manager.filter(decided_at__isnull=False, dispute_last_day__isnull=True)
    for objection in decided.select_related("unit").order_by("pk"):
        rule_set_id = objection.rule_set_id
        if rule_set_id is None:
            general = _general_rule_set(rule_set_model, objection.received_on)
            rule_set_id = general.pk if general is not None else None
        days = (
            rule_model.objects.filter(rule_set_id=rule_set_id, step="dispute_filing")
            .values_list("working_days", flat=True)
            .first()
        )
        if days is None:
            continue
        start = timezone.localtime(objection.decided_at).date()
        closed = set(
            closure_model.objects.filter(
                Q(unit_code__isnull=True) | Q(unit_code=objection.unit.code),
                date__gt=start,
                created_at__lte=objection.decided_at,
            ).values_list("date", flat=True)
        )
        day = start
        while days:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in holiday_dates(day.year) and day not in closed:
                days -= 1
        objection_model._base_manager.filter(pk=objection.pk).update(dispute_last_day=day)
    records_relog(apps, ["objections.Objection"])


class Migration(migrations.Migration):

    dependencies = [
        ("objections", "0005_outcome_label_without_citation"),
        ("law", "0008_seed_legal_references"),
        ("integrity", "0005_integrity_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="dispute_last_day",
            field=models.DateField(blank=True, null=True, verbose_name="last day to file a dispute"),
        ),
        migrations.AlterField(
            model_name="objectionevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("registered", "Registered by staff"),
                    ("decided", "Decided"),
                    ("followup_done", "Follow-up completed"),
                    ("reminder_sent", "Reminder sent"),
                    ("dispute_recorded", "Dispute recorded"),
                    ("dispute_updated", "Dispute updated"),
                    ("nik_unmasked", "Identity number unmasked"),
                    ("deadline_moved", "Deadline moved"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
