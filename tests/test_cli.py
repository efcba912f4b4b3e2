"""The command line: outputs and exit codes, and no traceback for any wrong input."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pdp_desk.cli import main
from pdp_desk.store.database import open_database


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse's usage errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def no_default_database(tmp_path, monkeypatch):
    """Never touch the real user's database: the default location points into tmp_path."""
    monkeypatch.setenv("PDP_DESK_DB", str(tmp_path / "default.sqlite"))


# --- due -----------------------------------------------------------------------------------


def test_due_with_working_days_prints_the_date(capsys):
    assert run(capsys, "due", "2026-05-20", "--working-days", "10") == (0, "2026-06-04\n", "")


def test_due_by_type_prints_each_clock(capsys):
    code, out, _ = run(capsys, "due", "2026-03-20", "--type", "blocking")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("answer\t2026-04-08")  # 10 working days, 5 of Nauryz off
    assert lines[1].startswith("action\t2026-03-26")  # 1 working day: Nauryz 21–25 March skipped
    assert "Art. 25" in lines[1]


def test_due_json_has_clocks_basis_and_skipped_days(capsys):
    code, out, _ = run(capsys, "due", "2026-05-20", "--type", "access", "--json", "--lang", "ru")
    data = json.loads(out)
    assert code == 0 and data["type"] == "access"
    (answer,) = data["clocks"]
    assert answer["due"] == "2026-06-04" and answer["working_days"] == 10
    assert "2.2" in answer["basis"]
    assert {"day": "2026-05-27", "reason": answer["skipped"][2]["reason"]} in answer["skipped"]
    assert "Курбан" in answer["skipped"][2]["reason"]


def test_due_uses_the_databases_calendar_overrides(capsys, tmp_path):
    from pdp_desk.store.models import CalendarOverride

    path = tmp_path / "with-decree.sqlite"
    db = open_database(path)
    with db.session() as session:
        session.add(CalendarOverride(day=__import__("datetime").date(2026, 6, 1), kind="day_off",
                                     reason="Постановление (тест)"))
    db.close()
    code, out, _ = run(capsys, "due", "2026-05-20", "--working-days", "10", "--db", str(path))
    assert (code, out) == (0, "2026-06-05\n")


@pytest.mark.parametrize("args", [
    ["due", "2026-13-01", "--working-days", "3"],
    ["due", "yesterday", "--type", "access"],
    ["due", "2026-05-20", "--type", "nonsense"],
    ["due", "2026-05-20", "--working-days", "0"],
    ["due", "2026-05-20", "--working-days", "-4"],
    ["due", "2026-05-20", "--working-days", "99999999999999999999"],
    ["due", "2026-05-20"],
    ["due", "2026-05-20", "--type", "access", "--working-days", "2"],
    ["due", "1899-01-01", "--working-days", "2"],
    ["check", "passport", "123"],
    ["no-such-command"],
    ["--tab", "nowhere"],
    ["audit"],
])
def test_wrong_arguments_exit_2_with_usage(capsys, args):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert "usage:" in err and "Traceback" not in err + out


# --- check ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind,value,expected", [
    ("iin", "901123300258", "901123300258"),
    ("iin", " 9011 2330 0258 ", "901123300258"),
    ("phone", "8 (701) 123-45-67", "+77011234567"),
    ("phone", "7011234567", "+77011234567"),
    ("email", "Aliya.S@Mail.RU", "Aliya.S@mail.ru"),
])
def test_check_valid_values(capsys, kind, value, expected):
    assert run(capsys, "check", kind, value)[:2] == (0, expected + "\n")


@pytest.mark.parametrize("kind,value", [
    ("iin", "901123300255"), ("iin", "12345"), ("iin", ""), ("iin", "x" * 100_000),
    ("bin", "901123300255"), ("phone", "+7 916 123 45 67"), ("phone", "hello"),
    ("email", "not-an-email"), ("email", "a@" + "b" * 300 + ".kz"),
])
def test_check_invalid_values_exit_1_with_the_reason(capsys, kind, value):
    code, out, err = run(capsys, "check", kind, value)
    assert code == 1 and out == "" and err.strip() and "Traceback" not in err


def test_check_json(capsys):
    code, out, _ = run(capsys, "check", "iin", "901123300255", "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["code"]


# --- init, demo, audit verify ---------------------------------------------------------------


def test_init_then_audit_verify(capsys, tmp_path):
    path = tmp_path / "new.sqlite"
    code, out, _ = run(capsys, "init", "--db", str(path))
    assert code == 0 and str(path) in out
    code, out, _ = run(capsys, "audit", "verify", "--db", str(path))
    assert code == 0 and "holds" in out


def test_audit_verify_names_the_first_broken_entry(capsys, tmp_path):
    path = tmp_path / "j.sqlite"
    run(capsys, "init", "--db", str(path))
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER trg_audit_entry_no_update")
    (entry_id,) = connection.execute("SELECT id FROM audit_entry ORDER BY seq LIMIT 1").fetchone()
    connection.execute("UPDATE audit_entry SET entity_ids = '[]' WHERE id = ?", (entry_id,))
    connection.commit()
    connection.close()
    code, out, _ = run(capsys, "audit", "verify", "--db", str(path))
    assert code == 1 and entry_id in out


def test_database_problems_exit_3_with_advice(capsys, tmp_path):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("not a database")
    code, out, err = run(capsys, "audit", "verify", "--db", str(bogus))
    assert code == 3 and "not a PDP Desk database" in err and "Open another" in err
    code, _, err = run(capsys, "audit", "verify", "--db", str(tmp_path / "missing.sqlite"))
    assert code == 3 and "pdp-desk init" in err
    assert bogus.read_text() == "not a database"


def test_demo_fills_a_database(capsys, tmp_path):
    path = tmp_path / "demo.sqlite"
    code, out, _ = run(capsys, "demo", "--db", str(path), "--subjects", "50", "--seed", "7",
                       "--today", "2026-11-25")
    assert code == 0
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM subject").fetchone()[0] == 50
    connection.close()


def test_the_module_runs_as_a_program_and_never_shows_a_traceback(tmp_path):
    env = dict(os.environ, PDP_DESK_DB=str(tmp_path / "x.sqlite"))
    ok = subprocess.run([sys.executable, "-m", "pdp_desk", "check", "phone", "87011234567"],
                        capture_output=True, text=True, env=env)
    assert (ok.returncode, ok.stdout) == (0, "+77011234567\n")
    bad = subprocess.run([sys.executable, "-m", "pdp_desk", "due", "2026-02-30", "--type", "access"],
                         capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "usage:" in bad.stderr
    version = subprocess.run([sys.executable, "-m", "pdp_desk", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and "PDP Desk" in version.stdout
    assert not Path(env["PDP_DESK_DB"]).exists()
