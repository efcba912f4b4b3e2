"""The request workflow's rules (domain.workflow): allowed steps, refusals that say what comes first."""
from __future__ import annotations

import itertools

import pytest

from pdp_desk.domain.deadlines import RequestType
from pdp_desk.domain.workflow import (
    FINISHED_STATES,
    OPEN_STATES,
    Channel,
    RequesterKind,
    RequestState,
    WorkflowError,
    channel_label,
    check_requester,
    check_transition,
    next_states,
    requester_label,
    state_label,
)

S = RequestState
ALLOWED = {(S.RECEIVED, S.IDENTITY_CHECKED), (S.IDENTITY_CHECKED, S.IN_PROGRESS),
           (S.IN_PROGRESS, S.ANSWERED), (S.IN_PROGRESS, S.REFUSED),
           (S.ANSWERED, S.CLOSED), (S.REFUSED, S.CLOSED)}


@pytest.mark.parametrize("step", list(itertools.product(S, S)), ids=lambda s: f"{s[0]}->{s[1]}")
def test_exactly_the_steps_of_the_table_are_allowed(step):
    if step in ALLOWED:
        check_transition(*step)
    else:
        with pytest.raises(WorkflowError) as raised:
            check_transition(*step)
        assert raised.value.code and raised.value.message.endswith(".")


@pytest.mark.parametrize("from_state,to_state,code,says", [
    (S.RECEIVED, S.IN_PROGRESS, "identity_not_checked", "identity"),
    (S.RECEIVED, S.ANSWERED, "not_in_progress", "check the requester's identity, then take"),
    (S.IDENTITY_CHECKED, S.REFUSED, "not_in_progress", "take the request into work"),
    (S.IN_PROGRESS, S.CLOSED, "not_finished", "Answer the request, or refuse it"),
    (S.RECEIVED, S.CLOSED, "not_finished", "Answer"),
    (S.ANSWERED, S.REFUSED, "already_finished", "only be closed"),
    (S.CLOSED, S.IN_PROGRESS, "request_closed", "closed"),
    (S.IN_PROGRESS, S.RECEIVED, "cannot_go_back", "cannot go back"),
    (S.IN_PROGRESS, S.IDENTITY_CHECKED, "cannot_go_back", "cannot go back"),
    (S.ANSWERED, S.ANSWERED, "same_state", "already answered"),
])
def test_a_refused_step_names_what_must_happen_first(from_state, to_state, code, says):
    with pytest.raises(WorkflowError) as raised:
        check_transition(from_state, to_state)
    assert raised.value.code == code
    assert says in raised.value.message


def test_codes_as_plain_strings_work_and_unknown_states_are_refused():
    check_transition("received", "identity_checked")
    with pytest.raises(WorkflowError) as raised:
        check_transition("received", "done")
    assert raised.value.code == "state_unknown"


def test_the_operators_own_notices_skip_the_identity_check():
    check_transition(S.RECEIVED, S.IN_PROGRESS, RequestType.BREACH_NOTICE)
    check_transition("received", "in_progress", "transfer_notice")
    with pytest.raises(WorkflowError):
        check_transition(S.RECEIVED, S.IN_PROGRESS, RequestType.ACCESS)
    assert next_states(S.RECEIVED, RequestType.BREACH_NOTICE) == (S.IDENTITY_CHECKED, S.IN_PROGRESS)
    assert next_states(S.IN_PROGRESS) == (S.ANSWERED, S.REFUSED)
    assert next_states(S.CLOSED) == ()


def test_state_groups():
    assert OPEN_STATES | FINISHED_STATES | {S.CLOSED} == set(S)
    assert not OPEN_STATES & FINISHED_STATES


def test_a_representative_needs_a_name_and_an_authority_document():
    assert check_requester("subject") is RequesterKind.SUBJECT
    assert check_requester(RequesterKind.REPRESENTATIVE, "Ерлан Қасымов", "Доверенность № 12") \
        is RequesterKind.REPRESENTATIVE
    with pytest.raises(WorkflowError) as raised:
        check_requester("representative", "  ", "")
    assert raised.value.code == "representative_incomplete"
    assert "name" in raised.value.message and "authority" in raised.value.message
    with pytest.raises(WorkflowError) as raised:
        check_requester("representative", "Ерлан", "")
    assert "name" not in raised.value.message.split("needs")[1]
    with pytest.raises(WorkflowError) as raised:
        check_requester("neighbour")
    assert raised.value.code == "requester_unknown"


def test_labels_in_three_languages():
    for state in S:
        texts = {state_label(state, lang) for lang in ("ru", "kk", "en")}
        assert len(texts) == 3 and all(texts)
    for channel in Channel:
        assert all(channel_label(channel, lang) for lang in ("ru", "kk", "en"))
    assert state_label("in_progress", "ru") == "В работе"
    assert state_label("answered", "kk") == "Жауап берілді"
    assert channel_label("email", "en") == "E-mail"
    assert requester_label("representative", "kk") == "Өкіл"
    assert {c.value for c in Channel} >= {"email", "paper", "in_person", "phone", "website"}


def test_an_unknown_code_from_a_newer_version_shows_as_itself():
    assert state_label("escalated", "ru") == "escalated"
    assert channel_label("telegram", "kk") == "telegram"
