"""Property: three PCs with wrong clocks, doing random work through the real use cases and syncing
through a shared folder in random order, end up holding the same data; and a subject destroyed
on any of them leaves no marker value in any database file, WAL or bundle."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_harness import (
    consent,
    create,
    destroy,
    dump,
    edit,
    files_holding,
    live_subjects,
    make_org,
    make_replica,
    open_request,
    request_step,
    settle,
    sync,
)

from pdp_desk.domain.workflow import WorkflowError
from pdp_desk.services.destruction import DestructionError
from pdp_desk.services.requests import RequestError
from pdp_desk.services.subjects import ValidationFailed

REPLICAS = 3
# Clock offsets: one PC an hour behind, one right, one 3 minutes ahead (a week offline is not a
# clock matter: the order of syncs below covers it).
OFFSETS = (-3_600_000, 0, 180_000)

operation = st.tuples(
    st.sampled_from(["create", "edit", "consent", "request", "step", "destroy", "sync", "sync"]),
    st.integers(0, REPLICAS - 1),   # which PC
    st.integers(0, 1_000),          # which of its subjects / requests
)

REFUSALS = (RequestError, ValidationFailed, WorkflowError, DestructionError)


def run(ops: list[tuple[str, int, int]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="pdp-sync-prop-"))
    share = folder / "share"
    share.mkdir()
    replicas = [make_replica(folder, f"pc{k}", OFFSETS[k]) for k in range(REPLICAS)]
    try:
        op_id, staff_id = make_org(replicas[0])
        settle(replicas, share)
        requests: list[tuple[int, str]] = []
        destroyed: list[str] = []
        markers: dict[str, list[str]] = {}
        tag = 0
        for kind, who, pick in ops:
            replica = replicas[who]
            tag += 1
            subjects = live_subjects(replica)
            try:
                if kind == "create":
                    create(replica, op_id, f"{tag:04d}")
                elif kind == "sync":
                    report = sync(replica, share)
                    assert not report.skipped, report.skipped
                elif not subjects:
                    continue
                elif kind == "edit":
                    edit(replica, subjects[pick % len(subjects)], f"{tag:04d}")
                elif kind == "consent":
                    consent(replica, subjects[pick % len(subjects)])
                elif kind == "request":
                    requests.append((who, open_request(replica, subjects[pick % len(subjects)])))
                elif kind == "step" and requests:
                    request_step(replica, requests[pick % len(requests)][1])
                elif kind == "destroy":
                    subject_id = subjects[pick % len(subjects)]
                    if destroy(replica, op_id, staff_id, subject_id):
                        destroyed.append(subject_id)
            except REFUSALS:
                pass  # a step the use case refuses (e.g. closing with an action open): nothing written
            for r in replicas:
                for subject_id, values in r.markers.items():
                    markers.setdefault(subject_id, [])
                    markers[subject_id] += [v for v in values if v not in markers[subject_id]]
        settle(replicas, share)

        dumps = [dump(r) for r in replicas]
        for table in dumps[0]:
            assert dumps[0][table] == dumps[1][table] == dumps[2][table], table
        for r in replicas:
            r.db.checkpoint()
        for subject_id in destroyed:
            values = markers.get(subject_id, [])
            assert values
            assert files_holding([r.path for r in replicas], share, values) == [], subject_id
    finally:
        for r in replicas:
            r.close()
        shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=4, max_size=24))
def test_replicas_agree_and_destroyed_subjects_vanish_everywhere(ops):
    run(ops)


def test_a_fixed_week_offline_scenario():
    """Three PCs each working alone (a week offline), one destroying a subject the others edited."""
    run([("create", 0, 0), ("sync", 0, 0), ("sync", 1, 0), ("sync", 2, 0),
         ("edit", 1, 0), ("consent", 2, 0), ("request", 2, 0), ("step", 2, 0), ("create", 1, 0),
         ("destroy", 0, 0), ("edit", 2, 0), ("step", 1, 0),
         ("sync", 2, 0), ("sync", 1, 0), ("sync", 0, 0)])
