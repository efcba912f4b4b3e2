"""Benchmark of destruction (issue 5): one act destroying 10,000 subjects.

    python bench/bench_destruction.py            # 10,000 subjects out of a 60,000-subject register
    python bench/bench_destruction.py --small    # 500 subjects out of 3,000
    python bench/bench_destruction.py --demo     # demo data (services.demo): ~11 rows per subject

The register is built once and cached under bench/out/; each run works on a fresh copy of it.
By default it has the issue's shape: every subject has a phone, an e-mail and an order (three
rows of data, 30,000 for 10,000 subjects) besides its search tokens, written with executemany.
With --demo it is demo data (contacts, addresses, orders, consents and their events, requests):
heavier, the row count is printed. The subjects destroyed are the first ones of the operator
with the most subjects. Figures:

* review: `review()` of the subjects (what the wizard's review step waits for);
* execute -> act saved: `execute()` (checks, deletes, records, act, journal, the PDF, commit, WAL
  checkpoint) and `save_copy()` of the PDF to disk;
* the act PDF alone: `render_act_pdf()` of the executed act, made again from the database.

Prints `name | measured | target`; never fails on timing.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import func, select  # noqa: E402

from pdp_desk.services import destruction as d  # noqa: E402
from pdp_desk.store.database import open_database  # noqa: E402
from pdp_desk.store.models import PERSONAL_DATA_TABLES, Base, Staff, Subject  # noqa: E402

OUT = ROOT / "bench" / "out"
TODAY = date(2026, 11, 20)
SEED = 5


def ensure_register(subjects: int, demo: bool, log=print) -> Path:
    path = OUT / f"destruction-{'demo' if demo else 'plain'}-{subjects}-seed{SEED}.sqlite"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.sqlite")
    for leftover in OUT.glob(partial.name + "*"):
        leftover.unlink()
    log(f"# building {path.name} ({subjects:,} subjects, once) ...")
    db = open_database(partial)
    try:
        if demo:
            from pdp_desk.services.demo import generate

            generate(db, subjects, seed=SEED, today=TODAY)
        else:
            _plain(db, subjects)
        db.checkpoint()
    finally:
        db.close()
    partial.rename(path)
    return path


FIRST = ("Әлия", "Ерлан", "Дана", "Пётр", "Айгерім", "Нұрлан", "Ольга", "Қанат", "Мария", "Дәурен", "Гүлнұр", "Іңкәр")
LAST = ("Сейітова", "Қасымов", "Омарова", "Ёлкин", "Жұмабаева", "Ахметов", "Ким", "Смирнова", "Өтебаев", "Үсенова")


def _plain(db, subjects: int) -> None:
    """Subjects with a phone, an e-mail and an order each, through executemany."""
    import random

    from pdp_desk.domain.ids import new_ids
    from pdp_desk.domain.search import fold
    from pdp_desk.services.subjects import search_tokens

    rng = random.Random(SEED)
    now = datetime(2026, 1, 10, 9, 0, tzinfo=timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    with db.session() as session:
        raw = session.connection().connection.driver_connection
        operators = new_ids(4)
        raw.executemany("INSERT INTO operator (id, created_at, updated_at, name, iin_bin, address, active) "
                        "VALUES (?, ?, ?, ?, ?, ?, 1)",
                        [(o, now, now, f"ИП Оператор {i + 1}", "950902401642", "г. Алматы") for i, o in
                         enumerate(operators)])
        raw.executemany("INSERT INTO staff (id, created_at, updated_at, operator_id, full_name, position, active) "
                        "VALUES (?, ?, ?, ?, ?, 'менеджер', 1)",
                        [(s, now, now, operators[i % 4], f"Сотрудник {i + 1}") for i, s in enumerate(new_ids(8))])
        ids = new_ids(subjects)
        subject_rows, tokens, contacts, orders = [], [], [], []
        row_ids = iter(new_ids(3 * subjects))
        for i, sid in enumerate(ids):
            name = f"{rng.choice(LAST)} {rng.choice(FIRST)} {i}"
            subject_rows.append((sid, now, now, f"S-{db.device_code}-{i + 1:06d}", "registered",
                                 operators[0] if i % 2 == 0 else operators[1 + i % 3], name, fold(name)))
            tokens.extend((t, sid) for t in search_tokens(name) if t)
            phone = f"+7701{i:07d}"
            contacts.append((next(row_ids), now, now, sid, "phone", phone, phone))
            email = f"user{i}@example.kz"
            contacts.append((next(row_ids), now, now, sid, "email", email, email))
            orders.append((next(row_ids), now, now, sid, operators[0], f"WEB-{i}", now, 250000 + i,
                           "Латте x2, круассан"))
        raw.executemany("INSERT INTO subject (id, created_at, updated_at, register_no, category, operator_id, "
                        "full_name, name_key, status, source, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', "
                        "'import', '')", subject_rows)
        raw.executemany("INSERT OR IGNORE INTO subject_token (token, subject_id) VALUES (?, ?)", tokens)
        raw.executemany("INSERT INTO contact (id, created_at, updated_at, subject_id, kind, value, normalized, "
                        "is_primary, source) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'import')", contacts)
        raw.executemany("INSERT INTO orders (id, created_at, updated_at, subject_id, operator_id, external_no, "
                        "placed_at, amount_tiyn, currency, items, status, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        "'KZT', ?, 'delivered', 'import')", orders)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="500 subjects out of 3,000")
    parser.add_argument("--language", default="ru", choices=("ru", "kk", "ru+kk"))
    parser.add_argument("--demo", action="store_true", help="demo data (heavier: ~11 rows per subject)")
    args = parser.parse_args()
    register, destroy = (3_000, 500) if args.small else (60_000, 10_000)
    source = ensure_register(register, args.demo)
    work = Path(tempfile.mkdtemp(prefix="pdp-bench-destruction-"))
    try:
        path = work / "register.sqlite"
        shutil.copyfile(source, path)
        db = open_database(path)
        try:
            with db.read() as session:
                operator_id, _ = session.execute(
                    select(Subject.operator_id, func.count()).where(Subject.operator_id.is_not(None))
                    .group_by(Subject.operator_id).order_by(func.count().desc()).limit(1)).one()
                ids = list(session.scalars(select(Subject.id).where(Subject.operator_id == operator_id)
                                           .order_by(Subject.id).limit(destroy)))
                staff_id = session.scalars(select(Staff.id).where(Staff.operator_id == operator_id).limit(1)).first() \
                    or session.scalars(select(Staff.id).limit(1)).first()
                rows = tokens = 0
                for name in PERSONAL_DATA_TABLES:
                    table = Base.metadata.tables[name]
                    for start in range(0, len(ids), 500):
                        n = session.scalar(select(func.count()).select_from(table)
                                           .where(table.c.subject_id.in_(ids[start:start + 500])))
                        if name == "subject_token":
                            tokens += n
                        else:
                            rows += n
                started = time.perf_counter()
                reviews = d.review(session, ids)
                review_s = time.perf_counter() - started
            plan = d.DestructionPlan(
                reason="consent_withdrawn", subjects=[r.plan_item() for r in reviews], operator_id=operator_id,
                staff=[d.Signer(staff_id)], information_system="PDP Desk / сайт кофейни", language=args.language)
            started = time.perf_counter()
            result = d.execute(db, plan, actor="bench", now=datetime.now(timezone.utc))
            d.save_copy(result.pdf, work / "exports" / "act.pdf", result.number)
            execute_s = time.perf_counter() - started
            with db.read() as session:
                started = time.perf_counter()
                pdf = d.render_act_pdf(session, result.act_id, args.language)
                pdf_s = time.perf_counter() - started
        finally:
            db.close()
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
        print(f"# {len(ids):,} subjects with {rows:,} rows of their data (and {tokens:,} search tokens), "
              f"out of {register:,}; "
              f"act {result.number}, {len(pdf) / 1e6:.1f} MB, about {pages} pages ({args.language})")
        print(f"review of {len(ids):,} subjects | {review_s:.1f} s | info")
        print(f"execute -> act saved ({len(ids):,} subjects, {rows:,} rows) | {execute_s:.1f} s | <= 30 s")
        print(f"the act PDF alone ({len(ids):,} subjects) | {pdf_s:.1f} s | <= 15 s")
        print(f"WAL checkpointed after destruction | {'yes' if result.checkpointed else 'no'} | yes")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
