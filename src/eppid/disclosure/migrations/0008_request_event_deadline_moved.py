# The timeline event of a deadline moved by a closure day (decision 1680).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0007_counter_to_casefiles'),
    ]

    operations = [
        migrations.AlterField(
            model_name='requestevent',
            name='kind',
            field=models.CharField(choices=[('received', 'Received'), ('registered', 'Registered by staff'), ('started', 'Processing started'), ('extended', 'Deadline extended'), ('forwarded_out', 'Forwarded to another unit'), ('forwarded_in', 'Received by forwarding'), ('withdrawn', 'Withdrawn'), ('decided', 'Decided'), ('identity_viewed', 'Identity document viewed'), ('nik_unmasked', 'Identity number unmasked'), ('reminder_sent', 'Reminder sent'), ('deadline_moved', 'Deadline moved')], max_length=20),
        ),
    ]
