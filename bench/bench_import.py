"""Benchmark of the import of a website export (issue 4, item 5).

    python bench/bench_import.py            # a 100,000-row export, 1 run (--runs N for more)
    python bench/bench_import.py --small    # a 5,000-row export, median of 3 runs

The export is generated like a coffee shop's customer+order export (one row per order: order
number, date, customer's name, phone in the varied spellings people type, e-mail for most,
city, delivery address, total, items, status, marketing consent; about four orders per
customer), written as UTF-8 CSV with `;` into bench/out/. Each run imports it with
`services.importer.import_file` into a fresh database, then inserts the very rows that import
wrote (read back from its database: subjects, search tokens, contacts, addresses, orders,
consents and their events) into another fresh database with a bare `executemany` on the same
kind of connection, in one transaction: the side-by-side reference of the target "at most 3x
a bare executemany of the same normalised rows". Reading the CSV alone is timed too.

Prints `name | measured | target` lines; never fails on timing.
"""
from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pdp_desk.domain.import_columns import guess_mapping  # noqa: E402
from pdp_desk.services.catalogue import ensure_defaults  # noqa: E402
from pdp_desk.services.importer import CACHE_KIB, import_file, read_table  # noqa: E402
from pdp_desk.store.database import open_database  # noqa: E402

OUT = ROOT / "bench" / "out"
TABLES = ("subject", "subject_token", "contact", "address", "orders", "consent", "consent_event")
HEADERS = ["Номер заказа", "Дата заказа", "ФИО", "Телефон", "E-mail", "Город", "Адрес доставки", "Сумма",
           "Товары", "Статус", "Согласие на рассылку"]
FIRST = ("Әлия", "Ерлан", "Дана", "Пётр", "Айгерім", "Нұрлан", "Ольга", "Қанат", "Мария", "Дәурен",
         "Алексей", "Жұлдыз", "Сергей", "Мөлдір", "Иван", "Томирис", "Анна", "Бауыржан", "Елена", "Арман")
LAST = ("Сейітова", "Қасымов", "Омарова", "Ёлкин", "Жұмабаева", "Ахметов", "Ким", "Смирнова", "Оспанов",
        "Иванова", "Нұрғалиев", "Пак", "Кузнецов", "Әбенова", "Тоқтаров", "Соколова", "Бейсенов", "Цой")
PATRONYMIC = ("Сергеевна", "Нұрланұлы", "Қайратқызы", "Викторович", "", "", "Маратовна", "Ерланұлы")
STREETS = ("пр. Абая", "ул. Толе би", "пр. Достык", "ул. Сатпаева", "пр. Аль-Фараби", "ул. Жандосова",
           "ул. Кабанбай батыра", "ул. Гоголя", "мкр. Самал-2", "мкр. Орбита-1", "пр. Мангилик Ел")
MENU = ("Капучино 0,3 л", "Латте", "Раф ванильный", "Американо", "Флэт уайт", "Круассан", "Чизкейк",
        "Эклер", "Сэндвич с курицей", "Баурсаки", "Матча латте", "Какао")
SPELLINGS = ("+7 {} {} {} {}", "8 {} {} {} {}", "+7({}){}{}{}", "8{}{}{}{}", "+7{}{}{}{}", "8 ({}) {}-{}-{}",
             "7{}{}{}{}")
CODES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778")
DOMAINS = ("gmail.com", "mail.ru", "yandex.kz", "inbox.kz", "list.ru", "bk.ru", "icloud.com")
STATUSES = ("Выполнен", "Выполнен", "Выполнен", "Доставлен", "Отменён", "Новый")


def generate(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    n_customers = max(1, rows // 4)
    customers = []
    for i in range(n_customers):
        code = rng.choice(CODES)
        digits = (code, f"{rng.randrange(1000):03d}", f"{rng.randrange(100):02d}", f"{i % 100:02d}")
        name = f"{rng.choice(LAST)} {rng.choice(FIRST)} {rng.choice(PATRONYMIC)}".strip()
        email = f"user{i}.{rng.randrange(10**4)}@{rng.choice(DOMAINS)}" if rng.random() < 0.7 else ""
        city = "Алматы" if rng.random() < 0.7 else "Астана"
        address = f"{rng.choice(STREETS)}, д. {rng.randrange(1, 200)}, кв. {rng.randrange(1, 300)}"
        consent = rng.choice(("да", "нет", ""))
        customers.append((digits, name, email, city, address, consent))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(HEADERS)
        for n in range(rows):
            digits, name, email, city, address, consent = customers[rng.randrange(n_customers)]
            day = 1 + n * 365 // rows
            month, dom = 1 + (day - 1) // 31 % 12, 1 + (day - 1) % 28
            items = "; ".join(rng.sample(MENU, rng.randint(1, 3)))
            amount = rng.randrange(8, 120) * 100
            writer.writerow([f"W-{100000 + n}", f"{dom:02d}.{month:02d}.2025 {rng.randrange(8, 22):02d}:"
                             f"{rng.randrange(60):02d}", name, rng.choice(SPELLINGS).format(*digits), email,
                             city, address, f"{amount:,}".replace(",", " ") + " ₸", items,
                             rng.choice(STATUSES), consent])


def fresh_db(folder: Path, name: str):
    db = open_database(folder / name)
    with db.session() as session:
        ensure_defaults(session)
    return db


def run_once(export: Path, mapping, folder: Path) -> tuple:
    db = fresh_db(folder, "import.sqlite")
    started, cpu = time.perf_counter(), time.process_time()
    report = import_file(db, export, mapping, actor="bench")
    t_import, c_import = time.perf_counter() - started, time.process_time() - cpu
    assert not report.cancelled and report.imported, report.summary()
    # the rows the import wrote, as stored
    con = sqlite3.connect(db.path)
    written = {}
    for table in TABLES:
        cursor = con.execute(f'SELECT * FROM "{table}"')
        written[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    con.close()
    db.close()
    reference = fresh_db(folder, "bare.sqlite")
    started, cpu = time.perf_counter(), time.process_time()
    with reference.session() as session:   # the same engine, pragmas and BEGIN IMMEDIATE
        cursor = session.connection().connection.driver_connection.cursor()
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")   # the connection settings of the import
        for table, (columns, rows) in written.items():
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) '
                               f'VALUES ({", ".join("?" * len(columns))})', rows)
        cursor.close()
    t_bare = time.perf_counter() - started   # commit included, as in the import
    c_bare = time.process_time() - cpu
    reference.close()
    started = time.perf_counter()
    with read_table(export) as table:
        count = sum(1 for _ in table.rows)
    t_read = time.perf_counter() - started
    counts = {table: len(rows) for table, (_, rows) in written.items()}
    for leftover in folder.glob("*.sqlite*"):
        leftover.unlink()
    return t_import, t_bare, t_read, count, {**counts, "report": report.summary()}, c_import, c_bare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="5,000 rows, median of 3 runs")
    parser.add_argument("--rows", type=int, help="rows in the export (default 100,000; 5,000 with --small)")
    parser.add_argument("--runs", type=int, help="runs (default 1; 3 with --small)")
    args = parser.parse_args(argv)
    rows = args.rows or (5_000 if args.small else 100_000)
    runs = args.runs or (3 if args.small else 1)
    OUT.mkdir(parents=True, exist_ok=True)
    export = OUT / f"export-{rows}.csv"
    if not export.exists():
        generate(export, rows)
    with read_table(export) as table:
        mapping = guess_mapping(table.headers)
    results = []
    with tempfile.TemporaryDirectory(prefix="pdp-bench-import-") as tmp:
        for _ in range(runs):
            results.append(run_once(export, mapping, Path(tmp)))
    t_import = statistics.median(r[0] for r in results)
    t_bare = statistics.median(r[1] for r in results)
    t_read = statistics.median(r[2] for r in results)
    ratio = statistics.median(r[0] / r[1] for r in results)
    c_import = statistics.median(r[5] for r in results)
    c_bare = statistics.median(r[6] for r in results)
    c_ratio = statistics.median(r[5] / r[6] for r in results)
    counts = results[-1][4]
    label = f"{rows // 1000}k" if rows >= 1000 else str(rows)
    limit = 20.0 * rows / 100_000
    print(f"# {export.name}: {export.stat().st_size / 2**20:.1f} MB, {runs} run(s), medians; "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items() if k != "report"))
    print(f"# {counts['report']}")
    print(f"import.file_{label}_rows | {t_import:.2f} s | <= {limit:.1f} s (20 s per 100,000 rows)")
    print(f"import.bare_executemany_same_rows | {t_bare:.2f} s | reference")
    print(f"import.ratio_to_bare_executemany | {ratio:.2f}x | <= 3x")
    print(f"import.cpu_import | {c_import:.2f} s | info (CPU time: steadier than wall on a busy machine)")
    print(f"import.cpu_bare_executemany | {c_bare:.2f} s | info")
    print(f"import.cpu_ratio | {c_ratio:.2f}x | <= 3x")
    print(f"import.read_csv_only | {t_read:.2f} s | info")
    print(f"import.rows_per_second | {rows / t_import:,.0f} | >= 5,000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
