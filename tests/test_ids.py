"""UUIDv7 ids: format, order, uniqueness, timestamp."""
from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pdp_desk.domain.ids import IdError, id_timestamp, new_id, new_ids

ID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_format_version_and_variant() -> None:
    i = new_id()
    assert len(i) == 36 and ID_RE.fullmatch(i)
    u = uuid.UUID(i)
    assert u.version == 7
    assert u.variant == uuid.RFC_4122
    assert str(u) == i


def test_consecutive_ids_sort_in_creation_order_and_are_unique() -> None:
    ids = [new_id() for _ in range(10_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_batch_ids_continue_the_order() -> None:
    before = new_id()
    batch = new_ids(10_000)
    after = new_id()
    everything = [before, *batch, after]
    assert everything == sorted(everything)
    assert len(set(everything)) == len(everything)
    assert all(ID_RE.fullmatch(i) for i in batch)
    assert new_ids(0) == []


def test_timestamp_is_creation_time() -> None:
    start = datetime.now(UTC) - timedelta(milliseconds=2)
    i = new_id()
    end = datetime.now(UTC) + timedelta(milliseconds=2)
    ts = id_timestamp(i)
    assert ts.tzinfo is not None
    assert start <= ts <= end
    assert id_timestamp(i.upper()) == ts


def test_timestamp_of_a_known_id() -> None:
    # RFC 9562 appendix A.6 example: 2022-02-22 19:22:22 UTC (0x017F22E279B0 ms).
    assert id_timestamp("017f22e2-79b0-7cc3-98c4-dc0c0c07398f") == datetime(
        2022, 2, 22, 19, 22, 22, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "id_malformed"),
        ("not-an-id", "id_malformed"),
        ("017f22e2079b07cc398c4dc0c0c07398f", "id_malformed"),
        ("017f22e2-79b0-4cc3-98c4-dc0c0c07398f", "id_not_uuid7"),  # version 4
        ("017f22e2-79b0-7cc3-c8c4-dc0c0c07398f", "id_not_uuid7"),  # wrong variant
    ],
)
def test_bad_ids_are_refused_with_a_code(text: str, code: str) -> None:
    with pytest.raises(IdError) as err:
        id_timestamp(text)
    assert err.value.code == code


def test_speed_is_reported_not_asserted(capsys: pytest.CaptureFixture[str]) -> None:
    n = 50_000
    t = time.perf_counter()
    for _ in range(n):
        new_id()
    single = (time.perf_counter() - t) / n
    t = time.perf_counter()
    new_ids(n)
    batch = (time.perf_counter() - t) / n
    with capsys.disabled():
        print(f"\nnew_id: {single * 1e6:.2f} us/id; new_ids: {batch * 1e6:.2f} us/id")
