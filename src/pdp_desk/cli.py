"""The `pdp-desk` command: the GUI by default, sub-commands for administrators and scheduled tasks.

Exit codes: 0 done / valid / holds; 1 the answer is "no" (invalid value, broken journal);
2 wrong arguments (usage printed); 3 the database cannot be used (message and what to do).
No traceback reaches the user: expected problems print one clear message.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from pdp_desk import __version__

EXIT_OK, EXIT_NO, EXIT_USAGE, EXIT_DATABASE = 0, 1, 2, 3
MAX_WORKING_DAYS = 1000
TABS = ("register", "inbox", "consents", "destruction", "acts", "settings")


# --- argument types: each refuses garbage with a message argparse prints as usage ------------


def iso_date(text: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date in the form YYYY-MM-DD") from None
    if not 2000 <= value.year <= 2099:
        raise argparse.ArgumentTypeError(f"{text} is outside the years the calendar knows (2000–2099)")
    return value


def bounded_int(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}..{high}")
        return value
    return parse


def request_type(text: str):
    from pdp_desk.domain.deadlines import RequestType

    try:
        return RequestType(text)
    except ValueError:
        names = ", ".join(t.value for t in RequestType)
        raise argparse.ArgumentTypeError(f"unknown type {text[:40]!r}; one of: {names}") from None


# --- the parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="PATH",
                        help="database file (default: $PDP_DESK_DB, else the user's data folder)")

    parser = argparse.ArgumentParser(
        prog="pdp-desk", parents=[common],
        description="PDP Desk: personal-data compliance back office (Law of the RK No. 94-V). "
                    "Without a command, opens the application.",
        epilog="Exit codes: 0 ok, 1 invalid / broken, 2 wrong arguments, 3 database cannot be used.")
    parser.add_argument("--version", action="version", version=f"PDP Desk {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the application on a fresh demo database in a temporary folder")
    parser.add_argument("--demo-subjects", type=bounded_int(0, 100_000), default=3000, metavar="N",
                        help="subjects in the --demo database (default 3000)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="load, save a picture of the main window to FILE.png and exit")
    parser.add_argument("--tab", choices=TABS, help="tab to show (with --screenshot)")
    parser.add_argument("--lang", choices=("ru", "kk", "en"), help="interface language")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", parents=[common], help="create or upgrade a database")
    init.set_defaults(run=cmd_init)

    demo = commands.add_parser("demo", parents=[common], help="fill a database with demo data")
    demo.add_argument("--subjects", type=bounded_int(0, 10_000_000), default=1000, metavar="N")
    demo.add_argument("--seed", type=bounded_int(0, 2**31 - 1), default=1, metavar="S")
    demo.add_argument("--today", type=iso_date, metavar="DATE",
                      help="the day the deadlines are arranged around (default: today)")
    demo.set_defaults(run=cmd_demo)

    due = commands.add_parser(
        "due", parents=[common], help="due date of a request received on DATE",
        description="Prints the due date of each clock of a request of TYPE received on DATE "
                    "(one line per clock: kind, due date or 'pending', term, legal basis), or with "
                    "--working-days N the date N working days after DATE. Calendar overrides are "
                    "read from the database when one exists.")
    due.add_argument("date", type=iso_date, metavar="DATE", help="day received, YYYY-MM-DD")
    which = due.add_mutually_exclusive_group(required=True)
    which.add_argument("--type", type=request_type, metavar="TYPE", help="request type, e.g. access, correction")
    which.add_argument("--working-days", type=bounded_int(1, MAX_WORKING_DAYS), metavar="N")
    due.add_argument("--json", action="store_true", help="clocks, legal basis and the days skipped, as JSON")
    due.add_argument("--lang", choices=("ru", "kk", "en"), default="en", help="language of reasons")
    due.set_defaults(run=cmd_due)

    check = commands.add_parser("check", help="validate an identifier: iin, bin, phone, email")
    check.add_argument("kind", choices=("iin", "bin", "phone", "email"))
    check.add_argument("value")
    check.add_argument("--json", action="store_true")
    check.set_defaults(run=cmd_check)

    importer = commands.add_parser(
        "import", parents=[common], help="import customers and orders from a website export (CSV, XLSX)",
        description="Imports the people and orders of a website export, all or nothing, and prints the "
                    "report: created / updated / unchanged rows, and each skipped row with its reason. "
                    'MAPPING.json: {"columns": {"Header": "field", ...}, "category": "registered", '
                    '"source": "website"}. Exit code 0 when imported (also with skipped rows), 1 when '
                    "nothing could be imported (bad file, wrong mapping), 3 when the database cannot be used.")
    importer.add_argument("file", type=Path, metavar="FILE", help="the export: .csv or .xlsx")
    importer.add_argument("--mapping", type=Path, required=True, metavar="MAPPING.json",
                          help="which column is which field")
    importer.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    importer.add_argument("--operator", metavar="ID", help="the operator (id) the customers and orders belong to")
    importer.add_argument("--json", action="store_true", help="the report as JSON")
    importer.set_defaults(run=cmd_import)

    audit = commands.add_parser("audit", help="the audit journal")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_commands.add_parser("verify", parents=[common], help="check the hash chain")
    verify.set_defaults(run=cmd_audit_verify)

    act = commands.add_parser("act", help="acts of destruction")
    act_commands = act.add_subparsers(dest="act_command", metavar="ACTION", required=True)
    act_verify = act_commands.add_parser(
        "verify", parents=[common], help="check an act's PDF (or its QR code's text) against the database",
        description="Checks that FILE is an act of this database, unaltered (its fingerprint, and its bytes "
                    "against the act kept in the database), and that its digital signature, when it has one, "
                    "is valid (offline: revocation is not checked). FILE may also be the text of the act's "
                    "QR code (pdp-desk:act:...). Exit 0 when all hold, 1 with the reason when not.")
    act_verify.add_argument("file", metavar="FILE.pdf")
    act_verify.set_defaults(run=cmd_act_verify)

    requests = commands.add_parser("requests", help="subjects' requests")
    requests_commands = requests.add_subparsers(dest="requests_command", metavar="ACTION", required=True)
    requests_due = requests_commands.add_parser(
        "due", parents=[common], help="open requests due within N working days (for a morning check)",
        description="Lists the open requests whose nearest deadline is within N working days, late ones "
                    "included, nearest first: one line per request 'number<TAB>type<TAB>due<TAB>state"
                    "<TAB>working days left' (negative: late). Exit code 0, also when some are late.")
    requests_due.add_argument("--within", type=bounded_int(0, MAX_WORKING_DAYS), default=0, metavar="N",
                              help="working days ahead (default 0: due today and late)")
    requests_due.add_argument("--json", action="store_true", help="with every clock, legal basis and days skipped")
    requests_due.add_argument("--today", type=iso_date, metavar="DATE", help="count from DATE (default: today)")
    requests_due.add_argument("--lang", choices=("ru", "kk", "en"), default="en", help="language of the texts")
    requests_due.set_defaults(run=cmd_requests_due)

    backup = commands.add_parser(
        "backup", parents=[common], help="make a sealed backup now (for a scheduled task), or list backups",
        description="Copies the database through SQLite's backup API, seals it with the passphrase (the sync "
                    "passphrase set in Settings → Backups, or $PDP_DESK_SYNC_PASSPHRASE) into the backups "
                    "folder, and deletes this PC's backups older than the days to keep. Exit 0 when written, "
                    "1 when not (no passphrase, folder gone, full or read-only), 3 when the database cannot be used.")
    backup.add_argument("--folder", type=Path, metavar="F", help="backups folder (default: the one in Settings)")
    backup.set_defaults(run=cmd_backup)
    backup_commands = backup.add_subparsers(dest="backup_command", metavar="ACTION")
    backup_list = backup_commands.add_parser("list", parents=[common], help="the backups in the folder, newest first")
    backup_list.add_argument("--folder", type=Path, metavar="F", help="backups folder (default: the one in Settings)")
    backup_list.set_defaults(run=cmd_backup_list)

    sync = commands.add_parser(
        "sync", parents=[common], help="sync with the other PCs (for a scheduled task)",
        description="One sync round with the shop's other PCs through a shared folder or a PostgreSQL hub "
                    "(--hub): applies their new "
                    "changes, then writes this PC's. The passphrase is the one set on this PC, else "
                    "$PDP_DESK_SYNC_PASSPHRASE; the folder the one set in Settings → Sync unless given. "
                    "Files that cannot be read yet (half-copied) are listed and tried again next time. "
                    "Exit 0 when synced, 1 when the sync could not run (folder gone, hub not answering or "
                    "refusing the password, wrong passphrase), "
                    "2 when no folder or passphrase is set, 3 when the database cannot be used.")
    sync.add_argument("--folder", type=Path, metavar="PATH", help="the shared folder (default: the one in Settings)")
    sync.add_argument("--hub", metavar="URL",
                      help="sync with the PostgreSQL hub postgresql://user[:password]@server:5432/database instead "
                           "(a password left out of the URL is taken from $PGPASSWORD or the pgpass file); "
                           "without --folder or --hub: every place set in Settings → Sync")
    sync.set_defaults(run=cmd_sync)

    restore = commands.add_parser(
        "restore", parents=[common], help="replace the database by a backup (destructions are re-applied)",
        description="Restores FILE (a .pdpbak backup) with the passphrase ($PDP_DESK_SYNC_PASSPHRASE, else the "
                    "one set on this PC): checks it, re-applies every destruction the current database records, "
                    "keeps the current database as a sealed copy, then replaces it. Close the PDP Desk window "
                    "first. Exit 0 when restored, 1 when refused (wrong passphrase, damaged or newer backup, no "
                    "space; the database is untouched), 3 when the database cannot be used or is open.")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(run=cmd_restore)
    password_reset = commands.add_parser(
        "password-reset", parents=[common], help="remove a forgotten password that opens the application",
        description="Removes the password that PDP Desk asks for on this PC (Settings → Security), without "
                    "knowing it; the journal records it. Close the PDP Desk window first. Exit 0 when removed "
                    "or none was set, 3 when the database cannot be used or is open.")
    password_reset.set_defaults(run=cmd_password_reset)
    return parser


# --- helpers --------------------------------------------------------------------------------


def database_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    if os.environ.get("PDP_DESK_DB"):
        return Path(os.environ["PDP_DESK_DB"])
    from pdp_desk.services.setup import chosen_database_path
    from pdp_desk.store.database import default_database_path

    return chosen_database_path() or default_database_path()  # the folder chosen at first run


def fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def open_db(args: argparse.Namespace, *, create: bool, lock: bool):
    from pdp_desk.store.database import open_database

    return open_database(database_path(args), create=create, lock=lock)


# --- commands -------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from pdp_desk.services.catalogue import ensure_defaults

    db = open_db(args, create=True, lock=True)
    try:
        with db.session() as session:
            added = ensure_defaults(session)
        print(f"Database ready: {db.path}" + (f" ({len(added)} catalogue entries added)" if added else ""))
    finally:
        db.close()
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from pdp_desk.services.demo import generate

    db = open_db(args, create=True, lock=True)
    try:
        report = generate(db, subjects=args.subjects, seed=args.seed, today=args.today)
    finally:
        db.close()
    print(f"Demo data written to {db.path}: {report.summary()}")
    return EXIT_OK


def _calendar_for(args: argparse.Namespace):
    """The database's calendar when a database exists (its overrides count), else the package's."""
    from pdp_desk.domain.calendar import WorkingCalendar

    path = database_path(args)
    if not path.exists():
        return WorkingCalendar(), None
    from pdp_desk.services.calendar import load_calendar

    db = open_db(args, create=False, lock=False)
    try:
        with db.read() as session:
            return load_calendar(session), str(db.path)
    finally:
        db.close()


def cmd_due(args: argparse.Namespace) -> int:
    from pdp_desk.domain.deadlines import compute_clocks, start_event_label

    calendar, source = _calendar_for(args)
    if args.working_days:
        count = calendar.add_working_days(args.date, args.working_days, language=args.lang)
        if args.json:
            print(json.dumps({"received": args.date.isoformat(), "working_days": args.working_days,
                              "due": count.due.isoformat(), "overrides_from": source,
                              "skipped": [_day_json(d) for d in count.skipped]}, ensure_ascii=False, indent=2))
        else:
            print(count.due.isoformat())
        return EXIT_OK
    clocks = compute_clocks(args.type, calendar, received=args.date, language=args.lang)
    if args.json:
        print(json.dumps({"received": args.date.isoformat(), "type": args.type.value,
                          "overrides_from": source,
                          "clocks": [_clock_json(c, args.lang) for c in clocks]},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    for clock in clocks:
        due = (clock.due.isoformat() if clock.due
               else f"pending (starts: {start_event_label(clock.rule.starts_on, args.lang)})")
        print(f"{clock.rule.kind.value}\t{due}\t{clock.rule.working_days} working day(s)\t"
              f"{clock.rule.basis.get(args.lang)}")
    return EXIT_OK


def _day_json(info) -> dict:
    return {"day": info.day.isoformat(), "reason": info.reason}


def _clock_json(clock, language: str) -> dict:
    rule = clock.rule
    return {
        "kind": rule.kind.value,
        "working_days": rule.working_days,
        "starts_on": rule.starts_on.value,
        "start": clock.start_event_day.isoformat() if clock.start_event_day else None,
        "due": clock.due.isoformat() if clock.due else None,
        "basis": rule.basis.get(language),
        "what": rule.description.get(language),
        "skipped": [_day_json(d) for d in clock.count.skipped] if clock.count else [],
    }


def cmd_check(args: argparse.Namespace) -> int:
    from pdp_desk.domain import identifiers

    checker = {"iin": identifiers.check_iin, "bin": identifiers.check_bin,
               "phone": identifiers.normalize_phone, "email": identifiers.check_email}[args.kind]
    result = checker(args.value)
    if args.json:
        print(json.dumps({"ok": result.ok, "value": result.value, "code": result.code,
                          "message": result.message, "warnings": list(result.warnings)},
                         ensure_ascii=False, indent=2))
    elif result.ok:
        print(result.value)
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    else:
        print(result.message, file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_NO


def cmd_import(args: argparse.Namespace) -> int:
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from pdp_desk.domain.import_columns import Mapping, MappingError
    from pdp_desk.services.importer import ImportFileError, import_file

    try:
        mapping = Mapping.from_json(json.loads(args.mapping.read_text(encoding="utf-8-sig")))
    except OSError as error:
        return fail(f"Cannot read the mapping file {args.mapping}: {error.strerror or error}.", EXIT_NO)
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, MappingError
        detail = error.message if isinstance(error, MappingError) else f"it is not valid JSON ({error})"
        return fail(f"The mapping file {args.mapping.name} cannot be used: {detail}", EXIT_NO)
    if not args.file.is_file():
        return fail(f"There is no file {args.file}.", EXIT_NO)
    db = open_db(args, create=False, lock=True)
    try:
        if args.operator:
            from pdp_desk.store.models import Operator

            with db.read() as session:
                if session.get(Operator, args.operator) is None:
                    return fail(f"There is no operator with the id {args.operator[:40]!r}.", EXIT_NO)
        report = import_file(db, args.file, mapping, dry_run=args.dry_run, actor="cli",
                             operator_id=args.operator)
    except ImportFileError as error:
        return fail(f"Nothing was imported: {error.message}", EXIT_NO)
    except (sqlite3.Error, SQLAlchemyError) as error:
        return fail(f"Nothing was imported: the database failed ({error.__class__.__name__}: "
                    f"{str(error).splitlines()[0][:200]}).", EXIT_DATABASE)
    finally:
        db.close()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{args.file.name}: {report.summary()}.")
        print(f"contacts added {report.contacts_added:,}, addresses added {report.addresses_added:,}, "
              f"consents recorded {report.consents_created:,}, existing subjects changed "
              f"{report.subjects_updated:,}; {report.seconds:.1f} s")
        for row, reason in report.skipped:
            print(f"skipped\trow {row}\t{reason}")
        for row, reason in report.warnings:
            print(f"note\trow {row}\t{reason}")
    if report.imported == 0:
        print("Nothing was imported: every row was skipped (see the reasons above).", file=sys.stderr)
        return EXIT_NO
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from pdp_desk.services import audit

    db = open_db(args, create=False, lock=False)
    try:
        with db.read() as session:
            result = audit.verify(session)
    finally:
        db.close()
    if result.ok:
        print(f"The journal holds: {result.entries} entries in {result.chains} chain(s).")
        return EXIT_OK
    print(f"The journal is broken at {result.first_break.describe()}.")
    return EXIT_NO


def cmd_act_verify(args: argparse.Namespace) -> int:
    from pdp_desk.services.act_verify import verify_act_file, verify_act_reference

    db = open_db(args, create=False, lock=False)
    try:
        with db.read() as session:
            if args.file.startswith("pdp-desk:act:"):
                verdict = verify_act_reference(session, args.file)
            else:
                verdict = verify_act_file(session, Path(args.file))
    finally:
        db.close()
    for check in verdict.checks:
        print(f"[{'ok' if check.passed else 'FAIL'}] {check.name}: {check.detail}")
    if verdict.ok:
        print(f"The act № {verdict.number} holds.")
        return EXIT_OK
    print(f"The act does not hold: {verdict.reason}", file=sys.stderr)
    return EXIT_NO


def cmd_requests_due(args: argparse.Namespace) -> int:
    from pdp_desk.services.calendar import load_calendar
    from pdp_desk.services.inbox import requests_due

    today = args.today or date.today()
    db = open_db(args, create=False, lock=False)
    try:
        with db.read() as session:
            items = requests_due(session, today, load_calendar(session), within=args.within,
                                 language=args.lang, with_clocks=args.json)
    finally:
        db.close()
    if args.json:
        print(json.dumps({"today": today.isoformat(), "within": args.within, "requests": [
            {"number": i.number, "type": i.type, "state": i.state, "due": i.due.isoformat(),
             "days_left": i.days_left, "status": i.status.value,
             "clocks": [_clock_view_json(c) for c in i.clocks]} for i in items]},
            ensure_ascii=False, indent=2))
        return EXIT_OK
    for i in items:
        print(f"{i.number}\t{i.type}\t{i.due.isoformat()}\t{i.state}\t{i.days_left}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from pdp_desk.services.sync import SyncFailed, passphrase_for, sync_folder, sync_settings

    if args.hub is not None:
        return cmd_sync_hub(args, args.hub)
    db = open_db(args, create=False, lock=False)
    try:
        settings = sync_settings(db)
        folder = args.folder or settings.folder
        passphrase = passphrase_for(db)
        if not folder and settings.hub_url and not args.folder:
            return cmd_sync_hub(args, settings.hub_url)  # (closes its own connection first)
        if not folder:
            return fail("No sync folder: give --folder PATH or set one in Settings → Sync.", EXIT_USAGE)
        if not passphrase:
            return fail("No sync passphrase: set it in Settings → Sync or in $PDP_DESK_SYNC_PASSPHRASE.", EXIT_USAGE)
        try:
            report = sync_folder(db, folder, passphrase)
        except SyncFailed as error:
            return fail(f"Not synced: {error.message}", EXIT_NO)
        except (sqlite3.Error, SQLAlchemyError) as error:  # busy for too long, disk full, ...
            return fail(f"Not synced: the database failed ({error.__class__.__name__}: "
                        f"{str(error).splitlines()[0][:200]}). What was synced before is kept.", EXIT_DATABASE)
    finally:
        db.close()
    sent = f"sent {report.sent_rows:,} rows" + (" (a full snapshot)" if report.snapshot else "") \
        if report.bundle else "nothing to send"
    print(f"Synced through {folder}: {sent}; applied {report.bundles_applied} bundle(s) "
          f"({report.received_rows:,} changes) from {report.peers} other PC(s); {report.seconds:.1f} s")
    if report.destroyed:
        print(f"{report.destroyed} subject(s) destroyed on another PC were destroyed here too.")
    if report.reidentified:
        print("This database was a copy of another PC's: it took a new device identity.")
    if report.new_code:
        print(f"Another PC had this PC's code: numbers made from now on use {report.new_code}.")
    for name, reason in report.skipped:
        print(f"skipped\t{name}\t{reason} (tried again next time)", file=sys.stderr)
    if not args.folder and settings.hub_url:  # both set in Settings → Sync: the hub too
        return cmd_sync_hub(args, settings.hub_url)
    return EXIT_OK


def cmd_sync_hub(args: argparse.Namespace, url: str) -> int:
    from pdp_desk.services.sync import SyncFailed, passphrase_for
    from pdp_desk.services.sync_hub import sync_hub
    from pdp_desk.sync.hub import redact

    db = open_db(args, create=False, lock=False)
    try:
        passphrase = passphrase_for(db)
        if not url.strip():
            return fail("No hub: give --hub URL or set one in Settings → Sync.", EXIT_USAGE)
        if not passphrase:
            return fail("No sync passphrase: set it in Settings → Sync or in $PDP_DESK_SYNC_PASSPHRASE.", EXIT_USAGE)
        try:
            report = sync_hub(db, url, passphrase)
        except SyncFailed as error:
            return fail(f"Not synced: {error.message}", EXIT_NO)
    finally:
        db.close()
    print(f"Synced with the hub {redact(url)}: sent {report.sent_rows:,} rows, received {report.received_rows:,} "
          f"changes; {report.peers} other PC(s) use the hub; {report.seconds:.1f} s")
    if report.destroyed:
        print(f"{report.destroyed} subject(s) destroyed on another PC were destroyed here too.")
    if report.reidentified:
        print("This database was a copy of another PC's: it took a new device identity.")
    if report.new_code:
        print(f"Another PC had this PC's code: numbers made from now on use {report.new_code}.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from pdp_desk.services.backups import BackupError, backup_now

    db = open_db(args, create=False, lock=False)
    try:
        result = backup_now(db, folder=args.folder, actor="cli")
    except BackupError as error:
        return fail(f"No backup was made: {error.message}", EXIT_NO)
    finally:
        db.close()
    print(f"Backup written: {result.path} ({result.size / 1e6:,.1f} MB, {result.seconds:.1f} s)")
    for path in result.removed:
        print(f"deleted (older than the days to keep)\t{path.name}")
    return EXIT_OK


def cmd_backup_list(args: argparse.Namespace) -> int:
    from pdp_desk.services.backups import list_backups, settings

    folder = args.folder
    if folder is None:
        db = open_db(args, create=False, lock=False)
        try:
            with db.read() as session:
                folder = settings(session).folder
        finally:
            db.close()
    if not Path(folder).is_dir():
        return fail(f"There is no backups folder {folder}.", EXIT_NO)
    for item in list_backups(folder):
        state = (item.kind or "backup") if item.sealed else "damaged"
        print(f"{item.made_at:%Y-%m-%d %H:%M:%S}\t{item.device_code}\t{state}\t{item.size:,}\t{item.path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from pdp_desk.services.backups import BackupError, passphrase_of, restore

    path = database_path(args)
    passphrase = os.environ.get("PDP_DESK_SYNC_PASSPHRASE")
    if not passphrase and path.exists():
        db = open_db(args, create=False, lock=False)
        try:
            with db.read() as session:
                passphrase = passphrase_of(session)
        finally:
            db.close()
    if not passphrase:
        return fail("Give the backup's passphrase in $PDP_DESK_SYNC_PASSPHRASE.", EXIT_NO)
    try:
        result = restore(path, args.file, passphrase, actor="cli")
    except BackupError as error:
        return fail(f"Not restored: {error.message}", EXIT_DATABASE if error.code == "locked" else EXIT_NO)
    print(f"Restored {path} from {result.backup.name}; destroyed subjects purged again: {result.reapplied:,}; "
          f"destruction records added: {result.records_added:,}; acts added: {result.acts_added:,}.")
    print(f"The database as it was is kept, sealed, in {result.kept_copy}")
    return EXIT_OK


def cmd_password_reset(args: argparse.Namespace) -> int:
    from pdp_desk.services.app_password import reset_password

    db = open_db(args, create=False, lock=True)
    try:
        with db.session() as session:
            removed = reset_password(session, actor="cli")
    finally:
        db.close()
    print("The password is removed: PDP Desk opens without it." if removed else "No password was set.")
    return EXIT_OK


def _clock_view_json(view) -> dict:
    return {"kind": view.kind.value, "what": view.what, "basis": view.basis, "working_days": view.working_days,
            "starts_on": view.starts_on.value, "start": view.start.isoformat() if view.start else None,
            "due": view.due.isoformat() if view.due else None, "days_left": view.days_left,
            "status": view.status.value, "met_on": view.met_on.isoformat() if view.met_on else None,
            "skipped": [_day_json(d) for d in view.skipped]}


def run_gui(args: argparse.Namespace) -> int:
    from pdp_desk.gui import app

    if args.demo:
        from pdp_desk.services.demo import generate
        from pdp_desk.store.database import open_database

        folder = Path(tempfile.mkdtemp(prefix="pdp-desk-demo-"))
        path = folder / "demo.sqlite"
        try:
            db = open_database(path)
            try:
                generate(db, subjects=args.demo_subjects, seed=1)
            finally:
                db.close()
            return app.run(path, screenshot=args.screenshot, tab=args.tab, language=args.lang)
        finally:
            # The demo database lives only as long as the window: no folders pile up in TEMP.
            shutil.rmtree(folder, ignore_errors=True)
    path = database_path(args)
    return app.run(path, screenshot=args.screenshot, tab=args.tab, language=args.lang)


def main(argv: list[str] | None = None) -> int:
    # A windowed Windows build has no console: give print() somewhere harmless to go.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    from pdp_desk.store.database import DatabaseProblem

    try:
        if args.command is None:
            return run_gui(args)
        return args.run(args)
    except DatabaseProblem as problem:
        return fail(f"{problem.message}\n{problem.advice}", EXIT_DATABASE)
    except KeyboardInterrupt:
        return fail("Interrupted.", 130)
    except BrokenPipeError:
        # the reader (`| head`) went away: not an error of ours
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
        return EXIT_OK
