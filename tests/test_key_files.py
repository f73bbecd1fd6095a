"""Key files created on first use: many processes may start at once; one key wins, whole."""

import threading

from eppid.conf import private_file_create_once


def test_concurrent_creators_leave_one_complete_private_file(tmp_path):
    target = tmp_path / "keys" / "some.key"
    barrier = threading.Barrier(8)
    results = {}

    def create(number):
        barrier.wait()
        results[number] = private_file_create_once(target, f"key-{number}".encode() * 1000)

    threads = [threading.Thread(target=create, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == [False] * 7 + [True]
    winner = next(number for number, created in results.items() if created)
    assert target.read_bytes() == f"key-{winner}".encode() * 1000
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert oct(target.parent.stat().st_mode & 0o777) == "0o700"
    assert sorted(path.name for path in target.parent.iterdir()) == ["some.key"]


def test_an_existing_file_is_never_replaced(tmp_path):
    target = tmp_path / "kept.key"
    assert private_file_create_once(target, b"first") is True
    assert private_file_create_once(target, b"second") is False
    assert target.read_bytes() == b"first"
