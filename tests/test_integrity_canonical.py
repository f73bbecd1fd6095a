"""One canonical form per field type (eppid.integrity.canonical, decision 1200).

Two promises, both needed for verify_integrity never to cry wolf:

* a value as the program holds it after save() (any offset, a string for an integer, 1 for a
  boolean, an enum member, ...) hashes as the row read back does;
* a value read back from the database hashes exactly as it did before these rules existed, so
  every entry already logged for a record that was hashed right still matches. ``legacy``
  (tests/integrity_support.py) is the conversion the log used until then, kept verbatim as the reference.

The round trip through real databases, for every audited model, is tests/test_integrity_roundtrip.py.
"""

import datetime
import decimal
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import translation
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from tests.integrity_support import legacy

from eppid.disclosure.choices import Status as RequestStatus
from eppid.disclosure.models import InformationRequest
from eppid.integrity.canonical import SAFE_INTEGER, field_canonical
from eppid.integrity.log import content_sha256
from eppid.organisation.models import Membership

pytestmark = pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")

UTC = datetime.UTC
JAKARTA = ZoneInfo("Asia/Jakarta")


DATETIME = models.DateTimeField()
DATE = models.DateField()
TIME = models.TimeField()
DURATION = models.DurationField()
MONEY = models.DecimalField(max_digits=9, decimal_places=2)
FINE = models.DecimalField(max_digits=12, decimal_places=7)
FLOAT = models.FloatField()
BOOLEAN = models.BooleanField(null=True)
INTEGER = models.IntegerField()
BIG = models.BigIntegerField()
SMALL = models.PositiveSmallIntegerField()
CHAR = models.CharField(max_length=50)
TEXT = models.TextField()
EMAIL = models.EmailField()
STATUS = models.CharField(max_length=20, choices=RequestStatus.choices)
UUID = models.UUIDField()
BINARY = models.BinaryField()
JSON = models.JSONField()
JSON_DJANGO = models.JSONField(encoder=DjangoJSONEncoder)
IP = models.GenericIPAddressField()
FILE = models.FileField()
UNIT_KEY = InformationRequest._meta.get_field("unit")  # a foreign key to an integer pk
USER_KEY = Membership._meta.get_field("user")
A_UUID = uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")

# (field, value as a row gives it back, its canonical form: byte for byte what the log has used)
READ_BACK = [
    (DATETIME, datetime.datetime(2025, 1, 6, 2, 0, tzinfo=UTC), "2025-01-06T02:00:00+00:00"),
    (DATETIME, datetime.datetime(2025, 1, 6, 2, 0, 0, 123, tzinfo=UTC), "2025-01-06T02:00:00.000123+00:00"),
    (
        DATETIME,
        datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=ZoneInfo("UTC")),
        "1999-12-31T23:59:59.999999+00:00",
    ),
    (DATE, datetime.date(2025, 1, 6), "2025-01-06"),
    (TIME, datetime.time(9, 30, 0, 5), "09:30:00.000005"),
    (TIME, datetime.time(9, 30), "09:30:00"),
    (DURATION, datetime.timedelta(days=1, microseconds=5), 86400.000005),
    (MONEY, decimal.Decimal("1.50"), "1.50"),
    (MONEY, decimal.Decimal("0.00"), "0.00"),
    (MONEY, decimal.Decimal("-12345.60"), "-12345.60"),
    (FINE, decimal.Decimal("0E-7"), "0E-7"),
    (FINE, decimal.Decimal("1.0000000"), "1.0000000"),
    (FLOAT, 1.5, "1.5"),
    (FLOAT, 1e20, "1e+20"),
    (FLOAT, 0.1 + 0.2, "0.30000000000000004"),
    (BOOLEAN, True, True),
    (BOOLEAN, False, False),
    (BOOLEAN, None, None),
    (INTEGER, -5, -5),
    (BIG, SAFE_INTEGER, SAFE_INTEGER),
    (BIG, -SAFE_INTEGER, -SAFE_INTEGER),
    (SMALL, 30, 30),
    (CHAR, "Bawaslu Kabupaten Tulungagung", "Bawaslu Kabupaten Tulungagung"),
    (CHAR, "", ""),
    (TEXT, "Jl. Merdeka 1\r\nRT 02 😀 ﷺ \u200b", "Jl. Merdeka 1\r\nRT 02 😀 ﷺ \u200b"),
    (EMAIL, "siti@example.org", "siti@example.org"),
    (STATUS, "received", "received"),
    (UUID, A_UUID, "0f8fad5b-d9cb-469f-a165-70867728950e"),
    (BINARY, b"\x00\xff", "00ff"),
    (BINARY, memoryview(b"\x00\xff"), "00ff"),
    (JSON, {"a": [1, 2.5, "x", None, True], "b": {}}, {"a": [1, "2.5", "x", None, True], "b": {}}),
    (JSON, [], []),
    (IP, "2001:db8::1", "2001:db8::1"),
    (IP, "192.0.2.1", "192.0.2.1"),
    (FILE, FieldFile(None, FILE, "letters/charter.pdf"), "letters/charter.pdf"),
    (FILE, FieldFile(None, FILE, None), ""),
    (UNIT_KEY, 7, 7),
    (USER_KEY, 12, 12),
]


@pytest.mark.parametrize(("field", "value", "expected"), READ_BACK)
def test_a_read_back_value_keeps_the_canonical_form_the_log_always_used(field, value, expected):
    assert legacy(value) == expected  # the pinned literal is what the log wrote so far
    assert field_canonical(field, value, "sqlite") == expected
    assert field_canonical(field, value, "postgresql") == expected


def test_a_record_hash_is_pinned():
    """The SHA-256 of a record of every type, as entries logged before decision 1200 hold it."""
    content = {
        f"{index}": field_canonical(field, value, "sqlite")
        for index, (field, value, _) in enumerate(READ_BACK)
    }
    assert content_sha256(content) == "7d97cf56fd1ddcb6f72ab310fc06077cfd56bf59d8947fcb5c178e6893438690"


# (field, value as the program may hold it after save(), the same value read back)
IN_MEMORY = [
    (
        DATETIME,
        datetime.datetime(2025, 1, 6, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
        datetime.datetime(2025, 1, 6, 2, 0, tzinfo=UTC),
    ),
    (
        DATETIME,
        datetime.datetime(2025, 1, 6, 9, 0, tzinfo=JAKARTA),
        datetime.datetime(2025, 1, 6, 2, 0, tzinfo=UTC),
    ),
    (
        DATETIME,
        datetime.datetime(
            2025, 1, 5, 20, 30, 0, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))
        ),
        datetime.datetime(2025, 1, 6, 2, 0, 0, 7, tzinfo=UTC),
    ),
    (DATETIME, "2025-01-06T09:00:00+07:00", datetime.datetime(2025, 1, 6, 2, 0, tzinfo=UTC)),
    (DATETIME, datetime.date(2025, 1, 6), datetime.datetime(2025, 1, 5, 17, 0, tzinfo=UTC)),
    (DATE, datetime.datetime(2025, 1, 6, 23, 0, tzinfo=UTC), datetime.date(2025, 1, 7)),  # in Jakarta
    (DATE, datetime.datetime(2025, 1, 6, 23, 0), datetime.date(2025, 1, 6)),  # noqa: DTZ001 - naive
    (DATE, "2025-01-06", datetime.date(2025, 1, 6)),
    (TIME, "09:30:00.000005", datetime.time(9, 30, 0, 5)),
    (DURATION, "1 00:00:00.000005", datetime.timedelta(days=1, microseconds=5)),
    (MONEY, decimal.Decimal("1.5"), decimal.Decimal("1.50")),
    (MONEY, decimal.Decimal("1.500"), decimal.Decimal("1.50")),
    (MONEY, "1.5", decimal.Decimal("1.50")),
    (MONEY, 2, decimal.Decimal("2.00")),
    (MONEY, decimal.Decimal("-0"), decimal.Decimal("0.00")),
    (FINE, 0, decimal.Decimal("0E-7")),
    (FLOAT, 2, 2.0),
    (FLOAT, "1.5", 1.5),
    (FLOAT, -0.0, 0.0),
    (BOOLEAN, 1, True),
    (BOOLEAN, 0, False),
    (BOOLEAN, "t", True),
    (INTEGER, "42", 42),
    (INTEGER, True, 1),
    (SMALL, 30.0, 30),
    (CHAR, 42, "42"),
    (CHAR, gettext_lazy("Received"), "Received"),
    (STATUS, RequestStatus.RECEIVED, "received"),
    (UUID, "0F8FAD5BD9CB469FA16570867728950E", A_UUID),
    (UUID, str(A_UUID), A_UUID),
    (BINARY, bytearray(b"\x00\xff"), b"\x00\xff"),
    (JSON_DJANGO, {"a": (1, 2), 3: decimal.Decimal("1.5")}, {"a": [1, 2], "3": "1.5"}),
    (IP, "2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
    (UNIT_KEY, "7", 7),
    (USER_KEY, "12", 12),
]


@pytest.mark.parametrize(("field", "held", "read_back"), IN_MEMORY)
@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_a_value_held_after_save_is_canonical_as_its_row(field, held, read_back, vendor):
    with translation.override("en"):  # a lazy text is stored in the active language
        assert field_canonical(field, held, vendor) == field_canonical(field, read_back, vendor)


def test_integers_beyond_json_doubles_enter_as_text():
    """RFC 8785 cannot write them (the save failed before); one form for both sides of the trip."""
    assert field_canonical(BIG, 2**53, "sqlite") == "9007199254740992"
    assert field_canonical(BIG, str(-(2**63)), "postgresql") == str(-(2**63))


def test_json_numbers_are_taken_by_value():
    """PostgreSQL's jsonb gives 1e+16 back as 10000000000000000 and -0.0 as 0."""
    assert field_canonical(JSON, [1e16, -0.0, 1.5e300], "sqlite") == field_canonical(
        JSON, [10**16, 0.0, 15 * 10**299], "postgresql"
    )


def test_decimals_round_as_each_database_does():
    """Places beyond the field's: PostgreSQL rounds half away from zero, SQLite (a REAL) half even."""
    assert field_canonical(MONEY, decimal.Decimal("1.005"), "postgresql") == "1.01"
    assert field_canonical(MONEY, decimal.Decimal("1.005"), "sqlite") == "1.00"


read_back_values = st.one_of(
    st.tuples(st.just(DATETIME), st.datetimes(timezones=st.just(UTC))),
    st.tuples(st.just(DATE), st.dates()),
    st.tuples(st.just(TIME), st.times()),
    st.tuples(
        st.just(DURATION),
        st.timedeltas(min_value=datetime.timedelta(days=-99999), max_value=datetime.timedelta(days=99999)),
    ),
    st.tuples(
        st.just(MONEY),
        st.decimals(
            places=2, min_value=decimal.Decimal("-9999999.99"), max_value=decimal.Decimal("9999999.99")
        ),
    ),
    st.tuples(
        st.just(FINE),
        st.decimals(
            places=7, min_value=decimal.Decimal("-99999.9999999"), max_value=decimal.Decimal("99999.9999999")
        ),
    ),
    st.tuples(st.just(FLOAT), st.floats(allow_nan=False).filter(lambda f: f != 0 or str(f) == "0.0")),
    st.tuples(st.just(BOOLEAN), st.none() | st.booleans()),
    st.tuples(st.sampled_from([INTEGER, BIG, SMALL, UNIT_KEY]), st.integers(-SAFE_INTEGER, SAFE_INTEGER)),
    st.tuples(st.sampled_from([CHAR, TEXT, EMAIL]), st.text(st.characters(exclude_categories=["Cs"]))),
    st.tuples(st.just(UUID), st.uuids()),
    st.tuples(st.just(BINARY), st.binary()),
    st.tuples(
        st.just(JSON),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers(-SAFE_INTEGER, SAFE_INTEGER)
            | st.text()
            | st.floats(allow_nan=False, allow_infinity=False).filter(
                lambda f: abs(f) < 1e16 and f != 0 or f == 0 and str(f) == "0.0"
            ),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
            max_leaves=8,
        ),
    ),
)


@given(read_back_values, st.sampled_from(["sqlite", "postgresql"]))
def test_every_read_back_value_keeps_its_legacy_form(pair, vendor):
    """Integers beyond ±(2**53 - 1) are left out (RFC 8785 refused them: no entry holds one), and so
    are -0.0 and integral floats from 1e16 in JSON: the two databases gave them back differently."""
    field, value = pair
    assert field_canonical(field, value, vendor) == legacy(value)
