"""Listing the file store (the default storage) whatever it is: a directory or a bucket."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.files.storage import Storage


def store_names(storage: Storage, prefix: str = "") -> Iterator[str]:
    """Every file name under ``prefix`` (recursively), through the storage's own listing."""
    directories, names = storage.listdir(prefix)
    for name in sorted(names):
        yield f"{prefix}{name}"
    for directory in sorted(directories):
        yield from store_names(storage, f"{prefix}{directory}/")
