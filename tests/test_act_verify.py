"""Verifying an act's file (and its QR code) against the database; `pdp-desk act verify`."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from pdp_desk.cli import main
from pdp_desk.documents import signing
from pdp_desk.services import destruction as d
from pdp_desk.services.act_verify import verify_act_bytes, verify_act_file, verify_act_reference
from pdp_desk.store.database import open_database

from _destruction_fixtures import NOW, make_org, make_subject, plan_for
from test_signing import make_p12


@pytest.fixture
def executed(db, tmp_path):
    org = make_org(db)
    subject_id = make_subject(db, org, "0001", name="Әлия <Сейітова> & \"Q\"")
    result = d.execute(db, plan_for(db, org, [subject_id]), actor="t", now=NOW)
    path = d.save_copy(result.pdf, tmp_path / "exports" / "act.pdf", result.number)
    return result, path


def names(verdict):
    return {c.name: c.passed for c in verdict.checks}


def test_the_untouched_act_holds(db, executed):
    result, path = executed
    with db.read() as session:
        verdict = verify_act_file(session, path)
    assert verdict.ok and verdict.number == result.number and verdict.act_id == result.act_id
    assert names(verdict) == {"readable": True, "act_found": True, "record_intact": True,
                              "fingerprint_matches": True, "file_unaltered": True}


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9, -1])
def test_one_changed_byte_is_caught(db, executed, where):
    result, path = executed
    data = bytearray(path.read_bytes())
    i = int(len(data) * where) if where >= 0 else len(data) - 10
    data[i] = (data[i] + 1) % 256
    with db.read() as session:
        verdict = verify_act_bytes(session, bytes(data))
    assert not verdict.ok
    assert not names(verdict).get("file_unaltered", True) or not names(verdict).get("act_found", True) \
        or not names(verdict).get("readable", True)


def test_a_signed_act_holds_and_a_change_after_signing_does_not(db, executed, tmp_path):
    result, path = executed
    p12, cert = make_p12()
    signed = signing.sign_pdf(result.pdf, p12, "s3cret")
    with db.read() as session:
        verdict = verify_act_bytes(session, signed)
        assert verdict.ok, verdict.checks
        assert names(verdict)["signature"] and not verdict.signature.trusted
        trusted = verify_act_bytes(session, signed, trust_roots=[cert])
        assert trusted.ok and trusted.signature.trusted
        # something appended after the signature
        appended = verify_act_bytes(session, signed + b"\n% appended\n")
        assert not appended.ok and not names(appended)["file_unaltered"]
        # the signed part altered
        broken = bytearray(signed)
        broken[len(result.pdf) // 3] ^= 1
        assert not verify_act_bytes(session, bytes(broken)).ok


def test_an_act_of_another_database_is_not_found(db, executed, tmp_path):
    result, path = executed
    other = open_database(tmp_path / "other" / "other.sqlite")
    try:
        with other.read() as session:
            verdict = verify_act_file(session, path)
    finally:
        other.close()
    assert not verdict.ok and names(verdict)["act_found"] is False
    assert "not in this database" in verdict.reason


def test_a_record_changed_in_the_database_is_caught(db, executed):
    result, path = executed
    with db.session() as session:
        session.execute(text("UPDATE act_item SET subject_label = 'Someone else' WHERE act_id = :a"),
                        {"a": result.act_id})
    with db.read() as session:
        verdict = verify_act_file(session, path)
    assert not verdict.ok and names(verdict)["record_intact"] is False
    assert names(verdict)["file_unaltered"] is True


def test_not_an_act(db, executed, tmp_path):
    from pdp_desk.documents import pdf

    other = tmp_path / "letter.pdf"
    other.write_bytes(pdf.render([pdf.para("Письмо")], pdf.DocMeta("Письмо")))
    text_file = tmp_path / "note.txt"
    text_file.write_text("hello")
    with db.read() as session:
        assert names(verify_act_file(session, other)) == {"readable": True, "act_found": False}
        assert names(verify_act_file(session, text_file)) == {"readable": False}
        assert names(verify_act_file(session, tmp_path / "missing.pdf")) == {"readable": False}


def test_the_paper_s_qr_code(db, executed):
    result, _ = executed
    payload = f"pdp-desk:act:{result.act_id}:{result.fingerprint}"
    with db.read() as session:
        assert verify_act_reference(session, payload).ok
        wrong = verify_act_reference(session, payload[:-1] + ("0" if payload[-1] != "0" else "1"))
        assert not wrong.ok and names(wrong)["fingerprint_matches"] is False
        assert not verify_act_reference(session, "https://example.kz").ok


def test_the_command_line(db, executed, tmp_path, capsys):
    result, path = executed
    db_path = str(db.path)
    db.close()  # the command opens the file itself
    assert main(["act", "verify", str(path), "--db", db_path]) == 0
    out = capsys.readouterr().out
    assert f"The act № {result.number} holds." in out and "[ok] file_unaltered" in out
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    bad = tmp_path / "altered.pdf"
    bad.write_bytes(bytes(data))
    assert main(["act", "verify", str(bad), "--db", db_path]) == 1
    captured = capsys.readouterr()
    assert "[FAIL]" in captured.out and "The act does not hold" in captured.err
    assert main(["act", "verify", f"pdp-desk:act:{result.act_id}:{result.fingerprint}", "--db", db_path]) == 0
    assert main(["act", "verify", str(path), "--db", str(tmp_path / "nowhere.sqlite")]) == 3
