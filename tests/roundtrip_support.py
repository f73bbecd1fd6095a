"""Values for the save/read-back round trip (tests/test_integrity_roundtrip.py): hypothesis
strategies that draw each Django field's value in the forms a program may hold it in after save(),
and ``build``, which makes any model's instance (its foreign keys too) from them.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, connection, models, transaction
from hypothesis import reject
from hypothesis import strategies as st

from eppid.integrity.fields import EncryptedFileField, EncryptedTextField
from eppid.integrity.registry import REGISTRY

_COUNTER = itertools.count(1)


# ---------------------------------------------------------------- values, as a program holds them

# Any offset PostgreSQL's timestamptz takes (+-15:59); the services turn wider ones into UTC
# before they reach a model (tests/test_integrity_never_cries_wolf.py).
PG_OFFSET = 15 * 3600 + 59 * 60
offsets = st.builds(
    datetime.timezone,
    st.integers(-PG_OFFSET, PG_OFFSET).map(lambda s: datetime.timedelta(seconds=s)),
)
aware = st.datetimes(
    min_value=datetime.datetime(1901, 1, 1),  # noqa: DTZ001 - bounds of a naive strategy
    max_value=datetime.datetime(2199, 12, 31),  # noqa: DTZ001
    timezones=offsets | st.timezones(),
)
naive = st.datetimes(
    min_value=datetime.datetime(1901, 1, 1),  # noqa: DTZ001
    max_value=datetime.datetime(2199, 12, 31),  # noqa: DTZ001
)
dates = st.dates(min_value=datetime.date(1901, 1, 1), max_value=datetime.date(2199, 12, 31))


def instants():
    return st.one_of(
        aware,
        naive,
        aware.map(lambda moment: moment.isoformat()),
        dates,
    )


def days():
    return st.one_of(dates, dates.map(datetime.date.isoformat), aware, naive)


def text(max_size=60):
    # PostgreSQL refuses NUL, no database stores a lone surrogate: neither is input the forms take.
    return st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=max_size)


def integers(low, high):
    plain = st.integers(low, high)
    return st.one_of(plain, plain.map(str), plain.map(float).filter(lambda f: abs(f) < 2**53))


def booleans(nullable):
    values = [True, False, 1, 0, "t", "f", "True", "False", "1", "0"]
    return st.sampled_from(values + ([None] if nullable else []))


def decimals(field):
    top = decimal.Decimal(10) ** (field.max_digits - field.decimal_places) - 1
    return st.one_of(
        st.decimals(min_value=-top, max_value=top, places=field.decimal_places),
        st.decimals(min_value=-top, max_value=top, places=max(field.decimal_places - 1, 0)),  # 1.0 in 0.00
        st.decimals(min_value=-top, max_value=top, places=field.decimal_places + 2),  # rounded
    ).flatmap(lambda value: st.sampled_from([value, str(value)]))


def choices(field):
    values = [value for value, _ in field.flatchoices]
    enum = models.TextChoices("Drawn", [(f"V{index}", value) for index, value in enumerate(values)])
    return st.sampled_from(values + list(enum))


def json_values(field):
    leaves = (
        st.none()
        | st.booleans()
        | st.integers(-(2**60), 2**60)
        | st.floats(allow_nan=False, allow_infinity=False)
        | text(20)
    )
    if field.encoder is not None and issubclass(field.encoder, DjangoJSONEncoder):
        leaves |= st.decimals(allow_nan=False, allow_infinity=False, places=3) | st.uuids()
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3).map(tuple)
            | st.lists(inner, max_size=3)
            | st.dictionaries(st.integers(0, 9) | text(8), inner, max_size=3)
        ),
        max_leaves=10,
    )


def field_values(field, unique):
    """A strategy for one field of any type, or None when the field is to be left alone."""
    if isinstance(field, EncryptedTextField):
        return text() if not field.null else st.none() | text()
    if isinstance(field, models.DateTimeField):
        return instants()
    if isinstance(field, models.DateField):
        return days()
    if isinstance(field, models.TimeField):
        return st.times().flatmap(lambda moment: st.sampled_from([moment, moment.isoformat()]))
    if isinstance(field, models.DurationField):
        spans = st.timedeltas(
            min_value=datetime.timedelta(days=-99999), max_value=datetime.timedelta(days=99999)
        )
        return spans  # as text, SQLite's backend cannot save it (it takes .days of it)
    if isinstance(field, models.DecimalField):
        return decimals(field)
    if isinstance(field, models.FloatField):
        return st.floats(allow_nan=False) | st.integers(-(2**31), 2**31)
    if isinstance(field, models.BooleanField):
        return booleans(field.null)
    if isinstance(field, models.IntegerField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        low, high = -(2**63) if low is None else low, 2**63 - 1 if high is None else high
        # A field its validators bound (a check constraint holds the database to it): in range.
        for validator in field.validators:
            if isinstance(validator, MinValueValidator):
                low = max(low, validator.limit_value)
            elif isinstance(validator, MaxValueValidator):
                high = min(high, validator.limit_value)
        return integers(low, high)
    if isinstance(field, models.UUIDField):
        return st.uuids().flatmap(
            lambda value: st.sampled_from([value, str(value), value.hex.upper(), f"urn:uuid:{value}"])
        )
    if isinstance(field, models.BinaryField):
        return st.binary(max_size=64).flatmap(lambda b: st.sampled_from([b, bytearray(b), memoryview(b)]))
    if isinstance(field, models.JSONField):
        return json_values(field)
    if isinstance(field, models.GenericIPAddressField):
        return st.ip_addresses().flatmap(
            lambda ip: st.sampled_from([str(ip), ip.exploded.upper() if ip.version == 6 else str(ip)])
        )
    if isinstance(field, models.CharField | models.TextField):
        if field.choices:
            return choices(field)
        limit = field.max_length or 200
        if unique:
            return text(limit).map(lambda drawn: (drawn + f"~{next(_COUNTER)}")[-limit:])
        return text(limit)
    raise AssertionError(f"{field.model._meta.label}.{field.name}: no strategy for {type(field).__name__}")


# ---------------------------------------------------------------- building any model


def leave_alone(field) -> bool:
    """The database or Django assigns it: a generated primary key, auto_now(_add)."""
    if field.primary_key and (field.has_default() or isinstance(field, models.AutoField)):
        return True
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def build(draw, model, depth=0):
    """Save a new ``model`` with drawn values (related rows built the same way); return it."""
    spec = REGISTRY.get(model)
    obj = model()
    for field in model._meta.concrete_fields:
        if leave_alone(field):
            continue
        if isinstance(field, EncryptedFileField | models.FileField):
            # A name of a file that is not there would fail the file hash: an empty one, or a
            # name for a field the record only tells present or absent.
            stored = spec is None or field.name in spec.files or draw(st.booleans())
            setattr(obj, field.attname, "" if stored else f"identity/{uuid.uuid4().hex}.bin")
            continue
        if field.is_relation:
            setattr(obj, field.attname, key_value(draw, field, depth))
            continue
        if field.has_default() and draw(st.booleans()):
            continue
        unique = field.unique or any(
            field.name in constraint.fields
            for constraint in model._meta.constraints
            if hasattr(constraint, "fields")
        )
        setattr(obj, field.attname, draw(field_values(field, unique)))
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        reject()  # a drawn value clashed with a unique one already there
    return obj


def key_value(draw, field, depth):
    if field.null and (depth >= 2 or draw(st.booleans())):
        return None
    target = build(draw, field.related_model, depth + 1)
    value = getattr(target, field.target_field.attname)
    return draw(st.sampled_from([value, str(value)]))
