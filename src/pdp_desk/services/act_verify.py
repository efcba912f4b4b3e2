"""Use case: check an act's file (or the QR code of its paper) against this database.

`verify_act_file(session, path)` answers an inspector's three questions, one check each:

* is this an act of this database?  The act's id and fingerprint are read from the PDF's
  metadata (or, failing that, from the QR payload anywhere in the file); the id must be an act
  here (`act_found`).
* is it unaltered?  The act's record, rebuilt from the database, must still give the stored
  fingerprint (`record_intact`: nobody edited the act's rows), and the fingerprint printed in
  the file must be that one (`fingerprint_matches`). The file's bytes must be the PDF stored with
  the act, or that PDF followed by a digital signature that covers the whole file, or the signed
  copy attached to the act (`file_unaltered`). One changed byte anywhere fails this.
* is its digital signature valid, when it has one?  (`signature`: see documents.signing for
  what "valid" and "trusted" mean offline.)

`verify_act_reference(session, text)` checks a QR payload read off the paper
("pdp-desk:act:<id>:<fingerprint>"): the act exists and its record still has that fingerprint.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pdp_desk.documents.signing import SignatureStatus, verify_signature
from pdp_desk.domain.destruction import act_fingerprint, parse_qr_payload
from pdp_desk.services.destruction import stored_record
from pdp_desk.store.models import DestructionAct

MAX_FILE = 200 * 1024 * 1024


@dataclass(frozen=True)
class Check:
    name: str          # readable, act_found, record_intact, fingerprint_matches, file_unaltered, signature
    passed: bool
    detail: str


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checks: tuple[Check, ...]
    act_id: str | None = None
    number: str | None = None
    signature: SignatureStatus | None = None

    @property
    def reason(self) -> str:
        """The first failed check's explanation ("" when all hold)."""
        return next((c.detail for c in self.checks if not c.passed), "")


def _verdict(checks: list[Check], act_id=None, number=None, signature=None) -> Verdict:
    return Verdict(all(c.passed for c in checks) and bool(checks), tuple(checks), act_id, number, signature)


def read_act_reference(data: bytes) -> tuple[str, str] | None:
    """(act id, fingerprint) written into an act's PDF: its metadata first, then the raw bytes."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        # imported here: ReportLab costs 0.3 s at start-up
        from pdp_desk.documents.act import read_keywords

        info = PdfFileReader(io.BytesIO(data), strict=False).trailer["/Info"]
        for key in ("/Keywords", "/Subject"):
            text = str(info.get(key, ""))
            found = parse_qr_payload(read_keywords(text).get("payload", "") or text)
            if found:
                return found
    except Exception:
        pass
    match = re.search(rb"pdp-desk:act:[0-9a-f-]{36}:[0-9a-f]{64}", data)
    return parse_qr_payload(match.group(0).decode("ascii")) if match else None


def verify_act_file(session: Session, path: Path | str, *, trust_roots=()) -> Verdict:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            return _verdict([Check("readable", False, f"{path.name} is too large to be an act.")])
        data = path.read_bytes()
    except OSError as error:
        return _verdict([Check("readable", False, f"{path.name} cannot be read ({error.strerror or error}).")])
    return verify_act_bytes(session, data, name=path.name, trust_roots=trust_roots)


def verify_act_bytes(session: Session, data: bytes, *, name: str = "The file", trust_roots=()) -> Verdict:
    checks: list[Check] = []
    if b"%PDF-" not in data[:1024]:
        return _verdict([Check("readable", False, f"{name} is not a PDF file.")])
    checks.append(Check("readable", True, f"{name} is a PDF file ({len(data):,} bytes)."))
    reference = read_act_reference(data)
    if reference is None:
        checks.append(Check("act_found", False, f"{name} is not an act made by PDP Desk (it carries no act id "
                                                "and fingerprint)."))
        return _verdict(checks)
    act_id, printed = reference
    act = session.get(DestructionAct, act_id)
    if act is None:
        checks.append(Check("act_found", False, f"Act {act_id} is not in this database: the file comes from "
                                                "another database, or the act was destroyed after its term."))
        return _verdict(checks, act_id)
    number = act.number or ""
    checks.append(Check("act_found", True, f"Act № {number} of {act.act_date:%d.%m.%Y} is in this database."))
    recomputed = act_fingerprint(stored_record(session, act_id))
    checks.append(Check("record_intact", recomputed == act.fingerprint,
                        "The act's record in the database is as it was made." if recomputed == act.fingerprint else
                        "The act's record in the database was changed after the act was made (its fingerprint "
                        "no longer matches)."))
    checks.append(Check("fingerprint_matches", printed == act.fingerprint,
                        "The fingerprint in the file is the act's." if printed == act.fingerprint else
                        "The fingerprint in the file is not the act's: the file was altered or belongs to "
                        "another version of the act."))
    status = verify_signature(data, trust_roots=trust_roots) if b"/ByteRange" in data else None
    signed = status is not None and status.signed
    stored = act.pdf or b""
    if data == stored:
        checks.append(Check("file_unaltered", True, "The file is byte for byte the act kept in the database."))
    elif signed and stored and data.startswith(stored):
        whole = status.valid and status.covers_whole_file and status.signed_length == len(data)
        checks.append(Check("file_unaltered", whole,
                            "The file is the act kept in the database with a digital signature added, nothing "
                            "else." if whole else
                            "The file starts as the act kept in the database, but something other than the "
                            "signature was changed or added."))
    elif act.signed_copy is not None and data == act.signed_copy:
        checks.append(Check("file_unaltered", True, "The file is the signed copy attached to the act."))
    else:
        checks.append(Check("file_unaltered", False,
                            "The file differs from the act kept in the database: it was altered (even one byte "
                            "counts) or made again. Use the copy saved from PDP Desk."))
    if signed:
        detail = status.message
        if status.valid:
            detail += f" {status.trust_reason}"
        checks.append(Check("signature", status.valid and status.covers_whole_file, detail))
    return _verdict(checks, act_id, number, status if signed else None)


def verify_act_reference(session: Session, text: str) -> Verdict:
    """Check what the act's QR code says (read off the paper) against this database."""
    found = parse_qr_payload(text)
    if found is None:
        return _verdict([Check("readable", False, "This is not the QR code of a PDP Desk act.")])
    act_id, printed = found
    checks = [Check("readable", True, "The QR code is an act's.")]
    act = session.get(DestructionAct, act_id)
    if act is None:
        checks.append(Check("act_found", False, f"Act {act_id} is not in this database."))
        return _verdict(checks, act_id)
    checks.append(Check("act_found", True, f"Act № {act.number} of {act.act_date:%d.%m.%Y} is in this database."))
    recomputed = act_fingerprint(stored_record(session, act_id))
    checks.append(Check("record_intact", recomputed == act.fingerprint,
                        "The act's record in the database is as it was made." if recomputed == act.fingerprint else
                        "The act's record in the database was changed after the act was made."))
    checks.append(Check("fingerprint_matches", printed == act.fingerprint,
                        "The paper's fingerprint is the act's." if printed == act.fingerprint else
                        "The paper's fingerprint is not the act's."))
    return _verdict(checks, act_id, act.number)
