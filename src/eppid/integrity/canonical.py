"""One canonical form per field type: what an audited record's content hash sees of a value.

The hash of a record is computed twice in its life: at ``save()`` from the instance in memory,
and by ``verify_integrity`` from the row read back. Both must give the same bytes, or the alarm
cries wolf (contract section 5). A value in memory is whatever the program assigned (a datetime
in +07:00, ``"5"`` for an integer, ``1`` for a boolean, a datetime in a DateField, an enum
member, ``Decimal("1.0")`` in a field of two places); the row gives it back as its column type
does. So each value is first converted through its *field* to what the column gives back
(``field_value``), and only then written as JSON (``jsonable``):

* instants: aware, in UTC (a naive one is read in the default time zone, as Django stores it);
* dates, times, durations, UUIDs, booleans, integers, floats: the field's ``to_python``;
* decimals: quantised to the field's ``decimal_places`` with the database's rounding;
* foreign keys: the value of the field they point to, converted by that field;
* text: a plain ``str`` (enum members and lazy translations become their text);
* JSON: through the field's encoder and decoder, numbers as the database returns them.

A value read back from the database is already in this form, so ``field_value`` leaves it as
it is and its JSON is byte for byte what it was before these rules existed: entries logged
correctly earlier still verify (tests/test_integrity_canonical.py pins it). Decision 1200.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

# RFC 8785 numbers are IEEE doubles: an integer beyond this cannot be written exactly as one.
SAFE_INTEGER = 2**53 - 1
_SQLITE_DECIMAL = decimal.Context(prec=15)  # SQLite keeps a decimal as a REAL: 15 digits


def jsonable(value):
    """A Python value as JSON for RFC 8785. Integers beyond ±(2**53 - 1), which RFC 8785 cannot
    write, enter as their decimal text (floats always did, as ``repr``)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if -SAFE_INTEGER <= value <= SAFE_INTEGER else str(int(value))
    if isinstance(value, float):
        return repr(value)  # floats would round-trip through JCS number rules; text is exact
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile: its name; bytes are hashed
        return value.name or ""
    return str(value)


def vendor_of(obj) -> str:
    """The database vendor the instance was saved to or read from (it decides decimal rounding)."""
    return connections[obj._state.db or DEFAULT_DB_ALIAS].vendor


def field_canonical(field: models.Field, value, vendor: str = ""):
    """``value`` of ``field`` in the record's content: the column's value, as JSON."""
    return jsonable(field_value(field, value, vendor))


def field_value(field: models.Field, value, vendor: str = ""):
    """``value`` as a row of this field's column gives it back (unchanged if it was read back)."""
    if value is None:
        return None
    while field.is_relation and (field.many_to_one or field.one_to_one):
        field = field.target_field  # a key holds the value of the field it points to
    if isinstance(field, models.FileField):
        return value  # its FieldFile: the name enters, the bytes are hashed apart
    if isinstance(field, models.JSONField):
        return _json_value(field, value)
    if isinstance(field, models.DateTimeField):
        return _instant(field, value)
    if isinstance(field, models.DecimalField):
        return _decimal(field, value, vendor)
    if isinstance(field, models.FloatField):
        return field.to_python(value) + 0.0  # no negative zero: SQLite gives 0.0 back
    if isinstance(field, models.BinaryField):
        return bytes(value)
    if isinstance(field, models.GenericIPAddressField):
        return field.get_prep_value(value)  # IPv6 in its short form, as it is stored
    if isinstance(field, models.CharField | models.TextField):
        text = field.to_python(value)
        return text if type(text) is str else str.__str__(text)  # an enum member: its text
    if isinstance(
        field,
        models.BooleanField
        | models.IntegerField
        | models.DateField
        | models.TimeField
        | models.DurationField
        | models.UUIDField,
    ):
        return field.to_python(value)
    return value  # a field type of its own: as it is (a test fails when an audited model uses one)


def _instant(field: models.DateTimeField, value) -> datetime.datetime:
    value = field.to_python(value)
    if not settings.USE_TZ:
        return value
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())  # as Django stores it
    return value.astimezone(datetime.UTC)


def _decimal(field: models.DecimalField, value, vendor: str) -> decimal.Decimal:
    value = field.to_python(value)
    places = decimal.Decimal(1).scaleb(-field.decimal_places)
    if vendor == "sqlite":
        # What Django's SQLite converter returns: the REAL's 15 digits, quantised half-even.
        value = _SQLITE_DECIMAL.create_decimal_from_float(float(value)).quantize(
            places, context=field.context
        )
    else:
        # numeric(p, s) rounds half away from zero (PostgreSQL).
        value = value.quantize(places, rounding=decimal.ROUND_HALF_UP, context=field.context)
    return value.copy_abs() if value.is_zero() else value  # no negative zero in a numeric column


def _json_value(field: models.JSONField, value):
    """The value as the column gives it back: through the field's encoder and decoder, with
    numbers by value (``_json_number``)."""
    return _json_numbers(json.loads(json.dumps(value, cls=field.encoder), cls=field.decoder))


def _json_numbers(value):
    if isinstance(value, dict):
        return {key: _json_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_numbers(item) for item in value]
    if isinstance(value, float):
        return _json_number(value)
    return value


def _json_number(value: float) -> float | int:
    """PostgreSQL's jsonb keeps a number as a decimal and writes it without exponent: a float
    Python writes with one (``1e+16``, integral from 1e16 up) comes back as the integer of those
    digits, and -0.0 as 0.0. Both databases then give the same value."""
    if value == 0:
        return 0.0
    if value.is_integer() and abs(value) >= 1e16:
        return int(decimal.Decimal(repr(value)))
    return value
