"""The content hash logged at save() equals the hash of the row read back, for every audited model
and every field type (decision 1200). Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://...).

Values are drawn in the forms a program may hold them in after save(): instants with any UTC
offset (seconds included), naive or given as text, microseconds; dates given as datetimes or
text; decimals with trailing zeros or extra places; booleans as 1 or "t"; integers as text;
choices as enum members; foreign keys as text; UUIDs in any spelling; JSON with tuples, integer
keys and floats the databases write differently. Each example is rolled back.
"""

from __future__ import annotations

import decimal
import json
import uuid

import pytest
from django.apps.registry import Apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from tests.integrity_support import legacy
from tests.roundtrip_support import build, field_values, leave_alone

from eppid.integrity.canonical import SAFE_INTEGER
from eppid.integrity.fields import EncryptedFileField, EncryptedTextField
from eppid.integrity.log import content_sha256
from eppid.integrity.registry import REGISTRY, AuditSpec, record_content, record_content_hash
from eppid.integrity.signals import entries_recorded
from eppid.integrity.verification import record_finding

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning"),
]
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)


def logged_for(found, obj):
    """The last entry appended for ``obj`` among the (instance, entry) pairs ``found``."""
    return next((entry for saved, entry in reversed(found) if saved is obj), None)


def assert_hashed_as_read_back(spec, obj, logged):
    assert logged is not None, "save() appended no entry"
    fresh = spec.model._base_manager.get(pk=obj.pk)
    assert logged.content_hash == record_content_hash(spec, fresh), (
        f"{spec.label}: logged {record_content(spec, obj)} but read back {record_content(spec, fresh)}"
    )
    # verify_integrity's own comparison of the row with its last entry finds nothing.
    assert record_finding(spec, fresh, json.loads(logged.canonical)) is None
    # A row read back hashes as it did before decision 1200 (existing entries stay valid). No
    # audited model had a JSON column then (the first, ReadinessIndicator.params, came later), so
    # no entry holds a JSON value hashed the old way: those follow jsonb's numbers (_json_number).
    for name, value in record_content(spec, fresh).items():
        model_field = spec.model._meta.get_field(name)
        held = model_field.value_from_object(fresh)
        if isinstance(model_field, models.JSONField):
            continue
        if name not in ENCRYPTED_NAMES[spec.label] and legacy_hashable(held):
            assert legacy(held) == value, name


def legacy_hashable(value) -> bool:
    """Whether the log could hash this before (RFC 8785 refused integers beyond doubles)."""
    return not (isinstance(value, int) and not isinstance(value, bool) and abs(value) > SAFE_INTEGER)


ENCRYPTED_NAMES = {
    spec.label: {
        name
        for name in spec.fields
        if isinstance(spec.model._meta.get_field(name), EncryptedTextField | EncryptedFileField)
    }
    for spec in REGISTRY.values()
}
AUDITED = sorted(
    (spec for spec in REGISTRY.values() if not spec.model._meta.db_table.startswith("test_")),
    key=lambda spec: spec.label,
)


@pytest.mark.parametrize("spec", AUDITED, ids=[spec.label for spec in AUDITED])
@EXAMPLES
@given(data=st.data())
def test_every_audited_model_hashes_at_save_as_read_back(spec, data):
    with transaction.atomic():
        with entries_recorded() as found:
            obj = build(data.draw, spec.model)
        assert_hashed_as_read_back(spec, obj, logged_for(found, obj))
        # An update through the same instance, every declared field drawn again.
        for name in spec.fields:
            field = spec.model._meta.get_field(name)
            if (
                field.is_relation
                or leave_alone(field)
                or isinstance(field, EncryptedFileField | models.FileField)
            ):
                continue
            setattr(obj, field.attname, data.draw(field_values(field, unique=field.unique)))
        try:
            with transaction.atomic(), entries_recorded() as found:
                obj.save()
        except IntegrityError:
            reject()
        if logged_for(found, obj) is not None:
            assert_hashed_as_read_back(spec, obj, logged_for(found, obj))
        transaction.set_rollback(True)


def test_every_field_type_of_the_audited_models_has_a_strategy():
    """A new field type in an audited model must come with its canonical form and a strategy here."""
    for spec in AUDITED:
        for field in spec.model._meta.concrete_fields:
            if field.is_relation or isinstance(field, EncryptedFileField | models.FileField):
                continue
            field_values(field, unique=False)


# ---------------------------------------------------------------- every Django field type

PROBE_APPS = Apps([])


class ProbeKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    code = models.CharField(max_length=40, unique=True)

    class Meta:
        apps = PROBE_APPS
        app_label = "canon_probe"
        db_table = "test_canon_probekey"

    def __str__(self) -> str:
        return self.code


class Probe(models.Model):
    """Every field type Django has that a future audited model may use."""

    instant = models.DateTimeField()
    maybe_instant = models.DateTimeField(null=True)
    day = models.DateField()
    clock = models.TimeField()
    span = models.DurationField()
    money = models.DecimalField(max_digits=9, decimal_places=2)
    fine = models.DecimalField(max_digits=15, decimal_places=7)
    whole = models.DecimalField(max_digits=6, decimal_places=0)
    ratio = models.FloatField()
    flag = models.BooleanField()
    maybe = models.BooleanField(null=True)
    count = models.IntegerField()
    big = models.BigIntegerField()
    small = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=[("received", "Received"), ("closed", "Closed")])
    words = models.TextField()
    email = models.EmailField()
    link = models.URLField()
    slug = models.SlugField()
    token = models.UUIDField()
    blob = models.BinaryField()
    data = models.JSONField(encoder=DjangoJSONEncoder, null=True)
    address = models.GenericIPAddressField()
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)
    key = models.ForeignKey(ProbeKey, null=True, on_delete=models.CASCADE, related_name="+")
    key_code = models.ForeignKey(
        ProbeKey, null=True, to_field="code", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        apps = PROBE_APPS
        app_label = "canon_probe"
        db_table = "test_canon_probe"

    def __str__(self) -> str:
        return str(self.pk)


PROBE = AuditSpec(
    model=Probe,
    fields=tuple(field.name for field in Probe._meta.concrete_fields if not field.primary_key),
    files=(),
    unit_code=None,
)


@pytest.fixture(scope="module")
def probe_tables(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(ProbeKey)
            editor.create_model(Probe)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(Probe)
            editor.delete_model(ProbeKey)


@EXAMPLES
@given(data=st.data())
def test_every_field_type_hashes_at_save_as_read_back(probe_tables, data):
    with transaction.atomic():
        obj = build(data.draw, Probe)
        saved = record_content(PROBE, obj)
        fresh = Probe.objects.get(pk=obj.pk)
        assert saved == record_content(PROBE, fresh)
        assert content_sha256(saved) == record_content_hash(PROBE, fresh)
        for name, value in record_content(PROBE, fresh).items():
            held = Probe._meta.get_field(name).value_from_object(fresh)
            # A zero may read back signed (-0E-7, -0.0): one canonical zero since decision 1200.
            signed_zero = isinstance(held, decimal.Decimal | float) and held == 0
            if name != "data" and legacy_hashable(held) and not signed_zero:
                assert legacy(held) == value, name  # read back: as before decision 1200
        transaction.set_rollback(True)
