"""A database id from the outside world (a URL, a form, an API field), or None.

Ids are 64-bit (PostgreSQL ``bigint``, SQLite ``integer``): a number past that range, zero, a
negative one or text that is no number names no row, and is answered as "not found" without the
database seeing it (PostgreSQL would refuse it with an error, not an empty result).
"""

ID_MAX = 2**63 - 1


def row_id(value) -> int | None:
    """``value`` as the id of a row, or None when no row can have it."""
    if isinstance(value, bool):
        return None
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= ID_MAX else None
