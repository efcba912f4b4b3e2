"""The life of a subject's request: its states, the steps allowed between them, who asks and how.

    received -> identity_checked -> in_progress -> answered | refused -> closed

Every step is one transition of this table; `check_transition` refuses any other with a
`WorkflowError` whose message says what has to happen first. The operator's own notices
(breach notice, transfer notice) have no requester whose identity could be checked, so they may
go from `received` straight to `in_progress`.

Pure rules: no SQL, no Qt. Services store the state as its code (the StrEnum value).
"""
from __future__ import annotations

from enum import StrEnum

from .deadlines import Localized, RequestType


class WorkflowError(ValueError):
    """A step the workflow does not allow; `code` is stable, `message` is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RequestState(StrEnum):
    RECEIVED = "received"
    IDENTITY_CHECKED = "identity_checked"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    REFUSED = "refused"
    CLOSED = "closed"


class Channel(StrEnum):
    EMAIL = "email"
    PAPER = "paper"
    IN_PERSON = "in_person"
    PHONE = "phone"
    WEBSITE = "website"
    # The operator's own notices (a breach found in-house) arrive through no channel.
    INTERNAL = "internal"


class RequesterKind(StrEnum):
    SUBJECT = "subject"
    REPRESENTATIVE = "representative"


# States in which a request still waits for its answer.
OPEN_STATES = frozenset({RequestState.RECEIVED, RequestState.IDENTITY_CHECKED, RequestState.IN_PROGRESS})
# States after the answer (or the refusal) and before the file is closed.
FINISHED_STATES = frozenset({RequestState.ANSWERED, RequestState.REFUSED})

_ALLOWED: dict[RequestState, frozenset[RequestState]] = {
    RequestState.RECEIVED: frozenset({RequestState.IDENTITY_CHECKED}),
    RequestState.IDENTITY_CHECKED: frozenset({RequestState.IN_PROGRESS}),
    RequestState.IN_PROGRESS: frozenset({RequestState.ANSWERED, RequestState.REFUSED}),
    RequestState.ANSWERED: frozenset({RequestState.CLOSED}),
    RequestState.REFUSED: frozenset({RequestState.CLOSED}),
    RequestState.CLOSED: frozenset(),
}
_NOTICES = frozenset({RequestType.BREACH_NOTICE, RequestType.TRANSFER_NOTICE})


def _state(value: RequestState | str) -> RequestState:
    try:
        return RequestState(value)
    except ValueError:
        raise WorkflowError("state_unknown", f"Unknown request state: {str(value)[:40]!r}.") from None


def next_states(state: RequestState | str, request_type: RequestType | str | None = None
                ) -> tuple[RequestState, ...]:
    """The states a request in `state` may go to next (for the buttons of the detail view)."""
    current = _state(state)
    allowed = set(_ALLOWED[current])
    if current is RequestState.RECEIVED and request_type in _NOTICES:
        allowed.add(RequestState.IN_PROGRESS)
    return tuple(s for s in RequestState if s in allowed)


def check_transition(from_state: RequestState | str, to_state: RequestState | str,
                     request_type: RequestType | str | None = None) -> None:
    """Return if the step is allowed; else raise WorkflowError naming what must happen first.

    Codes: "state_unknown", "same_state", "request_closed", "already_finished",
    "identity_not_checked", "not_in_progress", "not_finished", "cannot_go_back".
    """
    current, target = _state(from_state), _state(to_state)
    if target in next_states(current, request_type):
        return
    if target is current:
        raise WorkflowError("same_state", f"The request is already {target.value.replace('_', ' ')}.")
    if current is RequestState.CLOSED:
        raise WorkflowError("request_closed", "The request is closed: nothing more can be done with it.")
    if current in FINISHED_STATES:
        raise WorkflowError("already_finished",
                            f"The request is already {current.value}: it can only be closed now.")
    if target is RequestState.IN_PROGRESS:
        raise WorkflowError("identity_not_checked",
                            "Check the requester's identity before taking the request into work.")
    if target in FINISHED_STATES:
        first = ("check the requester's identity, then take the request into work"
                 if current is RequestState.RECEIVED else "take the request into work")
        raise WorkflowError("not_in_progress", f"Before the request can be {target.value}, {first}.")
    if target is RequestState.CLOSED:
        raise WorkflowError("not_finished", "Answer the request, or refuse it with reasons, before closing it.")
    raise WorkflowError("cannot_go_back",
                        f"A request that is {current.value.replace('_', ' ')} cannot go back to "
                        f"{target.value.replace('_', ' ')}.")


def check_requester(kind: RequesterKind | str, representative_name: str = "",
                    authority_document: str = "") -> RequesterKind:
    """A representative must be named and show the document that gives authority."""
    try:
        requester = RequesterKind(kind)
    except ValueError:
        raise WorkflowError("requester_unknown", f"Unknown kind of requester: {str(kind)[:40]!r}.") from None
    if requester is RequesterKind.REPRESENTATIVE:
        missing = [what for what, value in (("the representative's name", representative_name),
                                            ("the document that gives authority", authority_document))
                   if not (value or "").strip()]
        if missing:
            raise WorkflowError("representative_incomplete",
                                f"A request made by a representative needs {' and '.join(missing)}.")
    return requester


# --- texts -----------------------------------------------------------------------------------

_STATE_LABELS: dict[RequestState, Localized] = {
    RequestState.RECEIVED: Localized("Получено", "Қабылданды", "Received"),
    RequestState.IDENTITY_CHECKED: Localized("Личность проверена", "Жеке басы тексерілді", "Identity checked"),
    RequestState.IN_PROGRESS: Localized("В работе", "Орындалуда", "In progress"),
    RequestState.ANSWERED: Localized("Ответ дан", "Жауап берілді", "Answered"),
    RequestState.REFUSED: Localized("Отказано", "Бас тартылды", "Refused"),
    RequestState.CLOSED: Localized("Закрыто", "Жабылды", "Closed"),
}
_CHANNEL_LABELS: dict[Channel, Localized] = {
    Channel.EMAIL: Localized("Электронная почта", "Электрондық пошта", "E-mail"),
    Channel.PAPER: Localized("Письмо на бумаге", "Қағаз хат", "Paper letter"),
    Channel.IN_PERSON: Localized("Лично", "Жеке келу", "In person"),
    Channel.PHONE: Localized("Телефон", "Телефон", "Phone"),
    Channel.WEBSITE: Localized("Форма на сайте", "Сайттағы нысан", "Website form"),
    Channel.INTERNAL: Localized("Внутреннее событие", "Ішкі оқиға", "Internal event"),
}
_REQUESTER_LABELS: dict[RequesterKind, Localized] = {
    RequesterKind.SUBJECT: Localized("Субъект", "Субъект", "The subject"),
    RequesterKind.REPRESENTATIVE: Localized("Представитель", "Өкіл", "Representative"),
}


# The outcome a request is closed with (Request.outcome: free codes, the known ones here).
_OUTCOME_LABELS: dict[str, Localized] = {
    "information_provided": Localized("Сведения предоставлены", "Мәліметтер берілді", "Information provided"),
    "corrected": Localized("Данные изменены", "Деректер өзгертілді", "Corrected"),
    "blocked": Localized("Данные заблокированы", "Деректер бұғатталды", "Blocked"),
    "unblocked": Localized("Данные разблокированы", "Деректер бұғаттан шығарылды", "Unblocked"),
    "destroyed": Localized("Данные уничтожены", "Деректер жойылды", "Destroyed"),
    "not_confirmed": Localized("Нарушение не подтвердилось", "Бұзушылық расталмады", "Not confirmed"),
    "processing_stopped": Localized("Обработка прекращена", "Өңдеу тоқтатылды", "Processing stopped"),
    "objection_upheld": Localized("Возражение удовлетворено", "Қарсылық қанағаттандырылды", "Objection upheld"),
    "objection_rejected": Localized("Возражение отклонено", "Қарсылық қабылданбады", "Objection rejected"),
    "removed": Localized("Исключены из общедоступных источников",
                         "Жалпыға қолжетімді дереккөздерден алынды", "Removed from public sources"),
    "answered": Localized("Ответ дан", "Жауап берілді", "Answered"),
    "notified": Localized("Уведомление направлено", "Хабарлама жіберілді", "Notified"),
    "refused": Localized("Отказано", "Бас тартылды", "Refused"),
}


def _label(table: dict, enum: type[StrEnum], value: str, language: str) -> str:
    # Rows synced from a newer version may carry a code this one does not know: show the code.
    try:
        return table[enum(value)].get(language)
    except ValueError:
        return str(value)


def state_label(state: RequestState | str, language: str = "ru") -> str:
    return _label(_STATE_LABELS, RequestState, state, language)


def channel_label(channel: Channel | str, language: str = "ru") -> str:
    return _label(_CHANNEL_LABELS, Channel, channel, language)


def requester_label(kind: RequesterKind | str, language: str = "ru") -> str:
    return _label(_REQUESTER_LABELS, RequesterKind, kind, language)


def outcome_label(outcome: str, language: str = "ru") -> str:
    """The label of a request's outcome; an unknown code (a newer version's) is shown as is."""
    entry = _OUTCOME_LABELS.get(outcome)
    return entry.get(language) if entry else str(outcome)
