"""Use case: export one subject's data, the answer to an access request (Law Art. 24; policy §2.3).

What is held by category with its source and date, the consents with their history, the orders
and the requests: as JSON (structured, for another system), CSV (UTF-8 with BOM and ";", as
Excel in Russian locales opens it; a cell starting with = + - @ is prefixed with ' so that a
spreadsheet never runs it as a formula) or PDF (documents.pdf; every value is escaped text).
The journal gets "subject.export" with the format.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone

from sqlalchemy.orm import Session

from pdp_desk.domain.calendar import LANGUAGES
from pdp_desk.domain.localtime import local_time
from pdp_desk.domain.workflow import channel_label, outcome_label, state_label
from pdp_desk.services import audit
from pdp_desk.services.register import Card, subject_card

FORMATS = ("json", "csv", "pdf")
SCHEMA = "pdp-desk.subject-export/1"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_T = {
    "title": {"ru": "Сведения о персональных данных субъекта", "kk": "Субъектінің дербес деректері туралы мәліметтер",
              "en": "Personal data held about the subject"},
    "subject": {"ru": "Субъект", "kk": "Субъект", "en": "Subject"},
    "register_no": {"ru": "Регистрационный номер", "kk": "Тіркеу нөмірі", "en": "Register number"},
    "category": {"ru": "Категория", "kk": "Санат", "en": "Category"},
    "status": {"ru": "Статус", "kk": "Мәртебесі", "en": "Status"},
    "operator": {"ru": "Оператор", "kk": "Оператор", "en": "Operator"},
    "generated": {"ru": "Сформировано", "kk": "Қалыптастырылды", "en": "Generated"},
    "data": {"ru": "Обрабатываемые данные", "kk": "Өңделетін деректер", "en": "Data held"},
    "value": {"ru": "Значение", "kk": "Мәні", "en": "Value"},
    "source": {"ru": "Источник", "kk": "Көзі", "en": "Source"},
    "since": {"ru": "Дата", "kk": "Күні", "en": "Date"},
    "consents": {"ru": "Согласия", "kk": "Келісімдер", "en": "Consents"},
    "purpose": {"ru": "Цель", "kk": "Мақсаты", "en": "Purpose"},
    "state": {"ru": "Состояние", "kk": "Жағдайы", "en": "State"},
    "given_at": {"ru": "Дано", "kk": "Берілді", "en": "Given"},
    "channel": {"ru": "Способ", "kk": "Тәсілі", "en": "Channel"},
    "evidence": {"ru": "Подтверждение", "kk": "Растау", "en": "Evidence"},
    "policy": {"ru": "Редакция политики", "kk": "Саясат редакциясы", "en": "Policy version"},
    "valid_until": {"ru": "Действует до", "kk": "Мерзімі", "en": "Valid until"},
    "withdrawn_at": {"ru": "Отозвано", "kk": "Кері қайтарылды", "en": "Withdrawn"},
    "history": {"ru": "История согласий", "kk": "Келісімдер тарихы", "en": "Consent history"},
    "event": {"ru": "Событие", "kk": "Оқиға", "en": "Event"},
    "orders": {"ru": "Заказы", "kk": "Тапсырыстар", "en": "Orders"},
    "order_no": {"ru": "Номер", "kk": "Нөмірі", "en": "Number"},
    "items": {"ru": "Состав", "kk": "Құрамы", "en": "Items"},
    "amount": {"ru": "Сумма", "kk": "Сомасы", "en": "Amount"},
    "address": {"ru": "Адрес", "kk": "Мекенжайы", "en": "Address"},
    "requests": {"ru": "Обращения", "kk": "Өтініштер", "en": "Requests"},
    "type": {"ru": "Вид", "kk": "Түрі", "en": "Type"},
    "received": {"ru": "Получено", "kk": "Алынды", "en": "Received"},
    "outcome": {"ru": "Результат", "kk": "Нәтижесі", "en": "Outcome"},
    "none": {"ru": "нет", "kk": "жоқ", "en": "none"},
    "yes": {"ru": "да", "kk": "иә", "en": "yes"},
    "no": {"ru": "нет", "kk": "жоқ", "en": "no"},
    "third_parties": {"ru": "Передача третьим лицам", "kk": "Үшінші тұлғаларға беру", "en": "Transfer to third parties"},
    "cross_border": {"ru": "Трансграничная передача", "kk": "Трансшекаралық беру", "en": "Cross-border transfer"},
    "public": {"ru": "Распространение в общедоступных источниках", "kk": "Жалпыға қолжетімді көздерде тарату",
               "en": "Distribution in public sources"},
    "until_withdrawn": {"ru": "до отзыва", "kk": "кері қайтарылғанға дейін", "en": "until withdrawn"},
}
# The PDF is read by the person: codes of channels and sources in words (JSON and CSV keep the codes).
_CHANNELS = {   # consent channels beyond those of requests (domain.workflow.channel_label)
    "sms": {"ru": "SMS", "kk": "SMS", "en": "SMS"},
    "import": {"ru": "Импорт с сайта", "kk": "Сайттан импорт", "en": "Import from the website"},
    "system": {"ru": "Автоматически", "kk": "Автоматты түрде", "en": "Automatically"},
}
_SOURCES = {
    "manual": {"ru": "внесено вручную", "kk": "қолмен енгізілді", "en": "entered by hand"},
    "website": {"ru": "сайт", "kk": "сайт", "en": "the website"},
    "import": {"ru": "импорт", "kk": "импорт", "en": "import"},
    "correction": {"ru": "исправление", "kk": "түзету", "en": "correction"},
    "demo": {"ru": "демонстрационные данные", "kk": "демонстрациялық деректер", "en": "demo data"},
}
_STATES = {
    "given": {"ru": "дано", "kk": "берілді", "en": "given"},
    "withdrawn": {"ru": "отозвано", "kk": "кері қайтарылды", "en": "withdrawn"},
    "expired": {"ru": "истекло", "kk": "мерзімі өтті", "en": "expired"},
    "none": {"ru": "не давалось", "kk": "берілмеген", "en": "never given"},
    "renewed": {"ru": "продлено", "kk": "ұзартылды", "en": "renewed"},
    "active": {"ru": "активен", "kk": "белсенді", "en": "active"},
    "blocked": {"ru": "заблокирован", "kk": "бұғатталған", "en": "blocked"},
}


def _t(key: str, language: str) -> str:
    entry = _T[key]
    return entry.get(language, entry["en"])


def _word(table: dict, code: str | None, language: str) -> str:
    """A code of `table` in words (a code it does not know, as it is)."""
    entry = table.get(code or "")
    return entry.get(language, entry["en"]) if entry else (code or "")


def _language(language: str) -> str:
    return language if language in LANGUAGES else "en"


def _channel(code: str | None, language: str) -> str:
    if not code or code in _CHANNELS:
        return _word(_CHANNELS, code, language)
    return channel_label(code, _language(language))


def _request_state(state: str, language: str) -> str:
    try:
        return state_label(state, _language(language))
    except ValueError:
        return state


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _shown(value) -> str:
    """dd.mm.yyyy (HH:MM in Kazakhstan time for moments)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _amount(tiyn: int, currency: str) -> str:
    return f"{tiyn // 100:,}.{tiyn % 100:02d} {currency}".replace(",", " ")


# --- the content, once ----------------------------------------------------------------------


def export_document(card: Card, language: str, now: datetime) -> dict:
    """The export as plain data (what the JSON holds; CSV and PDF show the same)."""
    consents = card.consents.purposes if card.consents is not None else ()
    return {
        "schema": SCHEMA,
        "generated_at": _iso(now),
        "language": language,
        "subject": {"id": card.subject_id, "register_no": card.register_no, "category": card.category,
                    "category_label": card.category_label, "status": card.status,
                    "blocked_at": _iso(card.blocked_at), "operator_id": card.operator_id,
                    "operator": card.operator_name, "created_at": _iso(card.created_at)},
        "data": [{"category": i.category, "category_label": i.category_label, "kind": i.detail,
                  "value": i.value, "source": i.source, "since": _iso(i.since)} for i in card.data],
        "consents": [{
            "purpose": p.purpose_code, "purpose_name": p.purpose_name, "state": p.state,
            "given_at": _iso(p.given_at), "channel": p.channel, "evidence": p.evidence,
            "policy_version_id": p.policy_version_id, "policy_version": p.policy_label,
            "valid_until": _iso(p.valid_until), "withdrawn_at": _iso(p.withdrawn_at),
            "third_parties_allowed": p.third_parties_allowed, "cross_border_allowed": p.cross_border_allowed,
            "public_allowed": p.public_allowed, "data_categories": list(p.data_categories),
            "history": [{"event": e.kind, "at": _iso(e.at), "channel": e.channel, "evidence": e.evidence,
                         "policy_version_id": e.policy_version_id, "request_id": e.request_id}
                        for e in p.history]} for p in consents],
        "orders": [{"id": o.id, "number": o.external_no, "placed_at": _iso(o.placed_at),
                    "amount_tiyn": o.amount_tiyn, "currency": o.currency, "items": o.items, "status": o.status,
                    "address": o.address, "source": o.source} for o in card.orders],
        "requests": [{"id": r.id, "number": r.number, "type": r.type, "type_label": r.type_label,
                      "channel": r.channel, "received_at": _iso(r.received_at), "state": r.state,
                      "outcome": r.outcome} for r in card.requests],
    }


# --- formats -----------------------------------------------------------------------------------


def neutralize(cell: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ (or tab, CR) gets a ' before it."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_json(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def to_csv(doc: dict, language: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(["section", "category", "field", "value", "source", "date"])

    def row(*cells):
        writer.writerow([neutralize(c) for c in cells])

    s = doc["subject"]
    for key in ("id", "register_no", "category", "status", "operator", "created_at"):
        row("subject", "", key, s[key], "", "")
    for item in doc["data"]:
        row("data", item["category"], item["kind"] or item["category"], item["value"], item["source"], item["since"])
    for c in doc["consents"]:
        for key in ("state", "given_at", "channel", "evidence", "policy_version", "valid_until", "withdrawn_at",
                    "third_parties_allowed", "cross_border_allowed", "public_allowed"):
            row("consent", c["purpose"], key, c[key], "", "")
        for e in c["history"]:
            row("consent_event", c["purpose"], e["event"], e["evidence"], e["channel"], e["at"])
    for o in doc["orders"]:
        row("order", o["number"], "items", o["items"], o["source"], o["placed_at"])
        row("order", o["number"], "amount", _amount(o["amount_tiyn"], o["currency"]), o["source"], o["placed_at"])
        if o["address"]:
            row("order", o["number"], "address", o["address"], o["source"], o["placed_at"])
    for r in doc["requests"]:
        row("request", r["number"], r["type"], r["state"], r["channel"], r["received_at"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_pdf(card: Card, doc: dict, language: str, now: datetime) -> bytes:
    from pdp_desk.documents import pdf

    L = lambda key: _t(key, language)  # noqa: E731
    story: list = [pdf.para(L("title"), "title")]
    subject_rows = [[L("subject"), card.full_name or card.subject_id], [L("register_no"), card.register_no or ""],
                    ["ID", card.subject_id], [L("category"), card.category_label],
                    [L("status"), _word(_STATES, card.status, language)], [L("operator"), card.operator_name],
                    [L("generated"), _shown(now)]]
    story += pdf.table(subject_rows, None, [1, 2.6], width=pdf.text_width(pdf.DocMeta("")))
    story.append(pdf.para(L("data"), "heading"))
    story += pdf.table([[i.category_label, i.value, _word(_SOURCES, i.source, language), _shown(i.since)]
                        for i in card.data],
                       [L("category"), L("value"), L("source"), L("since")], [1.3, 3, 0.9, 1.1],
                       width=pdf.text_width(pdf.DocMeta("")), zebra=True)
    purposes = card.consents.purposes if card.consents is not None else ()
    story.append(pdf.para(L("consents"), "heading"))
    yes_no = {True: _t("yes", language), False: _t("no", language)}
    for p in purposes:
        rows = [[L("state"), _word(_STATES, p.state, language)]]
        if p.state != "none":
            rows += [[L("given_at"), _shown(p.given_at)], [L("channel"), _channel(p.channel, language)],
                     [L("evidence"), p.evidence], [L("policy"), p.policy_label or "—"],
                     [L("valid_until"), _shown(p.valid_until) if p.valid_until else L("until_withdrawn")]]
            if p.withdrawn_at:
                rows.append([L("withdrawn_at"), _shown(p.withdrawn_at)])
            rows += [[L("third_parties"), yes_no[p.third_parties_allowed]],
                     [L("cross_border"), yes_no[p.cross_border_allowed]], [L("public"), yes_no[p.public_allowed]]]
        story.append(pdf.para(p.purpose_name, "bold"))
        story += pdf.table(rows, None, [1, 2.6], width=pdf.text_width(pdf.DocMeta("")))
        story.append(pdf.spacer(2))
    history = [[p.purpose_name, _word(_STATES, e.kind, language), _shown(e.at), _channel(e.channel, language), e.evidence]
               for p in purposes for e in p.history]
    if history:
        story.append(pdf.para(L("history"), "heading"))
        story += pdf.table(history, [L("purpose"), L("event"), L("since"), L("channel"), L("evidence")],
                           [2, 1, 1.1, 1.1, 2.2], width=pdf.text_width(pdf.DocMeta("")), cell_style="cell_small",
                           header_style="cell_small_head")
    story.append(pdf.para(L("orders"), "heading"))
    if card.orders:
        story += pdf.table([[o.external_no, _shown(o.placed_at), o.items, _amount(o.amount_tiyn, o.currency),
                             o.address] for o in card.orders],
                           [L("order_no"), L("since"), L("items"), L("amount"), L("address")], [0.9, 1.1, 2.6, 1, 2],
                           width=pdf.text_width(pdf.DocMeta("")), cell_style="cell_small",
                           header_style="cell_small_head", zebra=True)
    else:
        story.append(pdf.para(L("none")))
    story.append(pdf.para(L("requests"), "heading"))
    if card.requests:
        story += pdf.table([[r.number or "", r.type_label, _shown(r.received_at), _request_state(r.state, language),
                             outcome_label(r.outcome, _language(language)) if r.outcome else ""]
                            for r in card.requests],
                           [L("order_no"), L("type"), L("received"), L("state"), L("outcome")], [1.2, 2, 1.1, 1, 1.2],
                           width=pdf.text_width(pdf.DocMeta("")), cell_style="cell_small",
                           header_style="cell_small_head")
    else:
        story.append(pdf.para(L("none")))
    meta = pdf.DocMeta(title=L("title"), language=_language(language),
                       subject=card.subject_id, header_text=card.register_no or card.subject_id)
    return pdf.render(story, meta)


def export_subject(session: Session, subject_id: str, fmt: str, *, language: str = "ru", actor: str = "",
                   now: datetime | None = None) -> bytes:
    """The subject's data as `fmt` ("json", "csv" or "pdf"). Raises ExportError
    (format_unknown, subject_unknown). Writes the audit entry "subject.export"."""
    if fmt not in FORMATS:
        raise ExportError("format_unknown", f"The format must be one of {', '.join(FORMATS)}.")
    now = now or datetime.now(timezone.utc)
    card = subject_card(session, subject_id, language, now=now, with_audit=False)
    if card is None or card.status == "destroyed":
        raise ExportError("subject_unknown", "There is no such person in the register "
                                             "(their data may have been destroyed).")
    doc = export_document(card, language, now)
    if fmt == "json":
        data = to_json(doc)
    elif fmt == "csv":
        data = to_csv(doc, language)
    else:
        data = to_pdf(card, doc, language, now)
    audit.record(session, "subject.export", "subject", [subject_id], {"format": fmt, "bytes": len(data)},
                 actor=actor, at=now)
    return data


def export_filename(subject_id: str, register_no: str | None, fmt: str, now: datetime) -> str:
    """A file name without personal data: the register number (or id) and the date."""
    stem = (register_no or subject_id).replace("/", "-")
    return f"subject-{stem}-{local_time(now):%Y%m%d}.{fmt}"

