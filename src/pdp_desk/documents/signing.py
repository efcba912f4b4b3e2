"""Digital signatures of acts: sign with the operator's PKCS#12 key, verify offline (pyHanko).

`sign_pdf(pdf, key, password)` adds a signature in an incremental update (the act's own bytes
stay as they were, in front) with a visible stamp in the box the act left for it
(`documents.act.SignatureBox`; on the last page otherwise). The stamp is set in DejaVu Sans,
which pyHanko embeds through its OpenType engine; the font is rescaled to 1000 units per em
first, because the stamp's glyph positions come out spread apart with DejaVu's 2048.

Keys (`load_key`): problems raise `SigningError` with a stable `code` and a message for a shop
manager:

    key_unreadable     the file cannot be read
    key_damaged        not a PKCS#12 file, or cut short / corrupted
    wrong_password     the password does not open it (the MAC does not verify)
    gost_key           a GOST key (Kazakhstan's NCA issues GOST 34.310 keys besides RSA ones):
                       pyHanko cannot sign with GOST; use the RSA_… file of the same certificate
    key_unsupported    another algorithm the signer cannot use
    no_certificate     the file holds a key without its certificate
    certificate_expired / certificate_not_yet_valid   (sign_pdf refuses unless allow_expired)
    signing_failed     pyHanko failed on this PDF

`verify_signature(pdf)` checks offline, without fetching OCSP or CRLs: "valid" means the signed
bytes are unchanged and the signature mathematically matches the certificate inside the file,
and that the signature covers the whole file. "Trusted" additionally needs the certificate to
chain to one of `trust_roots`; none are built in, so a key from a certification centre shows as
"valid, not trusted offline", as does a self-signed test key. Revocation is never checked.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pdp_desk.domain.localtime import local_time
from pdp_desk.resources import resource

# pyHanko logs every failed path search (a self-signed key, no trusted roots) with a traceback;
# the verdict says it in one line, so keep those records from reaching the console.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

STAMP_FONT_SIZE = 7
FIELD_NAME = "PDPDeskSignature"
DEFAULT_BOX = (70, 60, 297, 134)  # bottom of the last page, left: where signatures usually go

# Algorithm arcs of GOST cryptography: Kazakhstan's GOST 34.310/34.311 (1.2.398.3.10 …),
# Russian CryptoPro (1.2.643.2.2 …) and TC 26 (1.2.643.7.1 …). Certificate-policy arcs of the
# same countries (1.2.398.3.3, 1.2.398.5, 1.2.643.100) are not algorithms and are not matched.
GOST_OID_PREFIXES = ("1.2.398.3.10.", "1.2.643.2.2.", "1.2.643.7.1.")


class SigningError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class KeyInfo:
    subject: str            # the certificate's common name (or its whole subject)
    issuer: str
    serial: str
    not_before: datetime
    not_after: datetime
    algorithm: str          # rsa | ec | ed25519 | ed448 | dsa
    expired: bool
    not_yet_valid: bool

    def warnings(self) -> list[str]:
        out = []
        if self.expired:
            out.append(f"The certificate expired on {local_time(self.not_after):%d.%m.%Y}: a signature made with it "
                       "will not be accepted as valid.")
        if self.not_yet_valid:
            out.append(f"The certificate is valid only from {local_time(self.not_before):%d.%m.%Y}.")
        return out


@dataclass
class SigningKey:
    info: KeyInfo
    signer: object          # pyhanko SimpleSigner


# --- reading keys ------------------------------------------------------------------------------


def _read(key: Path | str | bytes) -> tuple[bytes, str]:
    if isinstance(key, (bytes, bytearray, memoryview)):
        return bytes(key), ""
    path = Path(key)
    try:
        return path.read_bytes(), path.name
    except OSError as error:
        raise SigningError("key_unreadable", f"The key file {path.name} cannot be read "
                           f"({error.strerror or error}).") from None


def _der_oids(data: bytes, depth: int = 0, out: set[str] | None = None) -> set[str]:
    """Every OBJECT IDENTIFIER in a DER structure, looking into OCTET STRINGs that hold DER
    (PKCS#12 nests its safe contents that way). Encrypted parts are opaque and skipped."""
    from asn1crypto.core import ObjectIdentifier

    out = set() if out is None else out
    if depth > 40:
        return out
    pos, end = 0, len(data)
    while pos < end:
        if end - pos < 2:
            raise ValueError("truncated")
        tag = data[pos]
        if tag & 0x1F == 0x1F:
            raise ValueError("high tag numbers are not used in PKCS#12")
        length = data[pos + 1]
        pos += 2
        if length & 0x80:
            n = length & 0x7F
            if n == 0:  # indefinite length (BER)
                raise ValueError("indefinite length")
            if n > 4 or pos + n > end:
                raise ValueError("bad length")
            length = int.from_bytes(data[pos:pos + n], "big")
            pos += n
        if pos + length > end:
            raise ValueError("truncated")
        body = data[pos:pos + length]
        pos += length
        if tag == 0x06:
            out.add(ObjectIdentifier.load(bytes([0x06, len(body)]) + body if len(body) < 128 else
                                          bytes([0x06, 0x81, len(body)]) + body).dotted)
        elif tag & 0x20:  # constructed
            _der_oids(body, depth + 1, out)
        elif tag == 0x04 and body[:1] == b"\x30":  # an OCTET STRING that may hold DER
            try:
                _der_oids(body, depth + 1, out)
            except ValueError:
                pass
    return out


def is_gost_oid(oid: str) -> bool:
    return any(oid.startswith(prefix) or oid == prefix[:-1] for prefix in GOST_OID_PREFIXES)


def key_algorithms(p12: bytes) -> set[str]:
    """The algorithm OIDs readable without the password (raises ValueError if not DER)."""
    return _der_oids(p12)


def _bmp_password(password: str) -> bytes:
    return password.encode("utf-16-be") + b"\x00\x00" if password is not None else b""


def _pkcs12_kdf(hash_name: str, password: bytes, salt: bytes, iterations: int, key_id: int, size: int) -> bytes:
    """RFC 7292 appendix B.2 (the MAC key of a PKCS#12 file)."""
    h = hashlib.new(hash_name)
    v = h.block_size

    def fill(data: bytes) -> bytes:
        if not data:
            return b""
        n = v * ((len(data) + v - 1) // v)
        return (data * (n // len(data) + 1))[:n]

    d = bytes([key_id]) * v
    i = bytearray(fill(salt) + fill(password))
    out = b""
    while len(out) < size:
        a = hashlib.new(hash_name, d + bytes(i)).digest()
        for _ in range(iterations - 1):
            a = hashlib.new(hash_name, a).digest()
        out += a
        b = int.from_bytes(fill(a)[:v], "big")
        for j in range(0, len(i), v):
            block = int.from_bytes(i[j:j + v], "big")
            i[j:j + v] = ((block + b + 1) % (1 << (8 * v))).to_bytes(v, "big")
    return out[:size]


def _mac_holds(p12: bytes, password: str | None) -> bool | None:
    """Whether the file's MAC verifies with `password`: True / False; None when it cannot be
    told (no MAC, an algorithm we do not compute)."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    pfx = asn1_pkcs12.Pfx.load(p12)
    mac_data = pfx["mac_data"]
    if not mac_data.native:
        return None
    digest_algorithm = mac_data["mac"]["digest_algorithm"]["algorithm"].native
    names = {"sha1": "sha1", "sha224": "sha224", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512"}
    if digest_algorithm not in names:
        return None
    hash_name = names[digest_algorithm]
    salt = mac_data["mac_salt"].native
    iterations = mac_data["iterations"].native or 1
    content = pfx["auth_safe"]["content"].contents  # the OCTET STRING's value: what the MAC covers
    expected = mac_data["mac"]["digest"].native
    candidates = [_bmp_password(password or "")]
    if not password:
        candidates.append(b"")
    for pw in candidates:
        key = _pkcs12_kdf(hash_name, pw, salt, iterations, 3, hashlib.new(hash_name).digest_size)
        if hmac.compare_digest(hmac.new(key, content, hash_name).digest(), expected):
            return True
    return False


def load_key(key: Path | str | bytes, password: str | None, *, now: datetime | None = None) -> SigningKey:
    """Open a PKCS#12 key file (.p12/.pfx). Raises SigningError (see the module's codes)."""
    from asn1crypto import pkcs12 as asn1_pkcs12
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    data, name = _read(key)
    label = name or "The key file"
    damaged = SigningError("key_damaged", f"{label} is not a usable key file: it is damaged or not a PKCS#12 "
                           "(.p12/.pfx) file. Take the file again from where it was issued.")
    if not data:
        raise damaged
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        pfx["auth_safe"]["content"].native  # noqa: B018 (parses the safe's structure)
        oids = key_algorithms(data)
    except Exception:
        raise damaged from None
    gost = SigningError(
        "gost_key", "This key uses the GOST algorithm, which PDP Desk cannot sign with; use the RSA key "
        "(the file named RSA_…) of your certificate.")
    if any(is_gost_oid(oid) for oid in oids) or (name.upper().startswith("GOST") and not _loads(data, password)):
        raise gost
    loaded = None
    error_text = ""
    for pw in _password_forms(password):
        try:
            loaded = pkcs12.load_key_and_certificates(data, pw)
            break
        except Exception as error:  # noqa: PERF203
            error_text = str(error)
    if loaded is None:
        try:
            mac = _mac_holds(data, password)
        except Exception:
            mac = None
        if mac is False:
            raise SigningError("wrong_password", "The password does not open this key file. Check the keyboard "
                               "layout and Caps Lock, and try again; if you are sure of the password, the file "
                               "is damaged: take it again from where it was issued.")
        if mac is True:
            raise SigningError("key_unsupported", f"{label} opens with this password, but its contents cannot "
                               f"be used by PDP Desk ({error_text[:120]}).")
        if "password" in error_text.lower():
            raise SigningError("wrong_password", "The password does not open this key file (or the file is "
                               "damaged). Check the keyboard layout and Caps Lock, and try again.")
        raise damaged
    private_key, certificate, _ = loaded
    if private_key is None:
        raise SigningError("key_unsupported", f"{label} holds no private key.")
    if certificate is None:
        raise SigningError("no_certificate", f"{label} holds a key without its certificate.")
    if isinstance(private_key, rsa.RSAPrivateKey):
        algorithm = "rsa"
    elif isinstance(private_key, ec.EllipticCurvePrivateKey):
        algorithm = "ec"
    elif isinstance(private_key, ed25519.Ed25519PrivateKey):
        algorithm = "ed25519"
    elif isinstance(private_key, ed448.Ed448PrivateKey):
        algorithm = "ed448"
    elif isinstance(private_key, dsa.DSAPrivateKey):
        algorithm = "dsa"
    else:
        raise SigningError("key_unsupported", f"{label} holds a key of a kind PDP Desk cannot sign with.")
    now = now or datetime.now(timezone.utc)
    not_before, not_after = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    info = KeyInfo(subject=_name(certificate.subject), issuer=_name(certificate.issuer),
                   serial=format(certificate.serial_number, "x"), not_before=not_before, not_after=not_after,
                   algorithm=algorithm, expired=now > not_after, not_yet_valid=now < not_before)
    try:
        from pyhanko.sign import signers

        signer = None
        for pw in _password_forms(password):
            try:
                signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=pw)
                break
            except ValueError:
                continue
        if signer is None:
            raise ValueError("pyHanko could not load the key")
    except Exception as error:
        raise SigningError("key_unsupported", f"{label} cannot be used for signing ({error}).") from None
    return SigningKey(info, signer)


def _password_forms(password: str | None) -> list[bytes | None]:
    if password:
        return [password.encode("utf-8")]
    return [b"", None]


def _loads(data: bytes, password: str | None) -> bool:
    from cryptography.hazmat.primitives.serialization import pkcs12

    for pw in _password_forms(password):
        try:
            pkcs12.load_key_and_certificates(data, pw)
            return True
        except Exception:  # noqa: PERF203
            continue
    return False


def _name(name) -> str:
    from cryptography.x509.oid import NameOID

    common = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if common:
        return str(common[0].value)
    return name.rfc4514_string()


# --- the stamp's font --------------------------------------------------------------------------

_font_lock = threading.Lock()
_font_bytes: bytes | None = None


def stamp_font_bytes() -> bytes:
    """DejaVu Sans rescaled to 1000 units per em (made once per process)."""
    global _font_bytes
    with _font_lock:
        if _font_bytes is None:
            from fontTools import subset
            from fontTools.ttLib import TTFont
            from fontTools.ttLib.scaleUpem import scale_upem

            font = TTFont(str(resource("fonts", "DejaVuSans.ttf")))
            # Latin, Cyrillic with every Kazakh letter, and the punctuation of a stamp: rescaling
            # 700 glyphs takes a second, all 6,000 of DejaVu several.
            options = subset.Options()
            options.layout_features = ["*"]
            options.notdef_outline = True
            options.drop_tables += ["FFTM"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x400, 0x530),
                                         0x2013, 0x2014, 0x2026, 0x201C, 0x201D, 0x2116])
            subsetter.subset(font)
            if font["head"].unitsPerEm != 1000:
                scale_upem(font, 1000)
            buffer = io.BytesIO()
            font.save(buffer)
            _font_bytes = buffer.getvalue()
        return _font_bytes


def _font_factory(size: int):
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class ScaledDejaVu(FontEngineFactory):
        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(stamp_font_bytes()), font_size=size,
                                    obj_stream=obj_stream)

    return ScaledDejaVu()


# --- signing -----------------------------------------------------------------------------------

STAMP_TEXT = {
    "ru": ("Подписано электронной цифровой подписью", "Владелец", "Дата подписи", "Сертификат №"),
    "kk": ("Электрондық цифрлық қолтаңбамен қол қойылған", "Иесі", "Қол қойылған күні", "Сертификат №"),
}


def _sigbox(pdf_bytes: bytes) -> tuple[int, tuple[int, int, int, int]]:
    """(0-based page, box) from the act's keywords, else the last page's default box."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from pdp_desk.documents.act import read_keywords

    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    try:
        info = reader.trailer["/Info"]
        keywords = str(info.get("/Keywords", ""))
    except Exception:
        keywords = ""
    box = read_keywords(keywords).get("sigbox")
    if box:
        try:
            page, x1, y1, x2, y2 = box.split(":")
            return int(page) - 1, (round(float(x1)), round(float(y1)), round(float(x2)), round(float(y2)))
        except ValueError:
            pass
    return -1, DEFAULT_BOX


def sign_pdf(pdf_bytes: bytes, key: Path | str | bytes | SigningKey, password: str | None = None, *,
             language: str = "ru", reason: str = "", allow_expired: bool = False,
             now: datetime | None = None) -> bytes:
    """The PDF with a digital signature (and its visible stamp) appended. Raises SigningError."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    signing_key = key if isinstance(key, SigningKey) else load_key(key, password, now=now)
    info = signing_key.info
    if (info.expired or info.not_yet_valid) and not allow_expired:
        code = "certificate_expired" if info.expired else "certificate_not_yet_valid"
        raise SigningError(code, " ".join(info.warnings()) + " Sign anyway only if you know why.")
    now = now or datetime.now(timezone.utc)
    words = STAMP_TEXT.get(language, STAMP_TEXT["ru"])
    text = "\n".join([words[0], f"{words[1]}: {info.subject}", f"{words[2]}: {local_time(now):%d.%m.%Y %H:%M} (UTC+5)",
                      f"{words[3]} {info.serial[:24]}"]).replace("%", "%%")
    try:
        page, box = _sigbox(pdf_bytes)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        style = TextStampStyle(stamp_text=text, border_width=0,
                               text_box_style=TextBoxStyle(font=_font_factory(STAMP_FONT_SIZE),
                                                           font_size=STAMP_FONT_SIZE, leading=STAMP_FONT_SIZE + 2))
        meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                            reason=reason or None, name=info.subject)
        pdf_signer = signers.PdfSigner(meta, signer=signing_key.signer, stamp_style=style,
                                       new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box))
        return pdf_signer.sign_pdf(writer).getvalue()
    except SigningError:
        raise
    except Exception as error:
        raise SigningError("signing_failed", f"The act could not be signed: {type(error).__name__}: {error}") from None


# --- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureStatus:
    signed: bool
    intact: bool = False            # the signed bytes are unchanged
    valid: bool = False             # intact, and the signature matches the certificate
    covers_whole_file: bool = False  # nothing was added after the signature
    signer: str = ""
    signed_at: datetime | None = None
    trusted: bool = False
    trust_reason: str = ""
    signed_length: int = 0          # bytes the signature covers (the signed revision)
    count: int = 0                  # signatures in the file
    message: str = ""


def verify_signature(pdf_bytes: bytes, trust_roots=()) -> SignatureStatus:
    """The state of the file's last signature, checked offline (see the module's notes)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:
        return SignatureStatus(False, message=f"The file cannot be read as a PDF ({type(error).__name__}).")
    if not signatures:
        return SignatureStatus(False, message="The file has no digital signature.")
    sig = signatures[-1]
    roots = [_asn1_cert(c) for c in trust_roots]
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception as error:
        return SignatureStatus(True, count=len(signatures),
                               message=f"The signature cannot be checked ({type(error).__name__}: {error}).")
    signer = ""
    try:
        signer = status.signing_cert.subject.native.get("common_name") or status.signing_cert.subject.human_friendly
    except Exception:
        pass
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    try:
        byte_range = list(sig.sig_object["/ByteRange"])
        signed_length = int(byte_range[2]) + int(byte_range[3])
    except Exception:
        signed_length = 0
    trusted = bool(status.trusted)
    if trusted:
        trust_reason = "The certificate chains to a trusted root (revocation not checked offline)."
    elif roots:
        trust_reason = "The certificate does not chain to a trusted root."
    else:
        trust_reason = ("Not checked against a certification centre: no trusted roots are set up, and "
                        "revocation is not checked offline.")
    valid = bool(status.intact and status.valid)
    if valid and whole:
        message = f"Signed by {signer}: the signature is valid (the file is unchanged since signing)."
    elif valid:
        message = f"Signed by {signer}, but the file was changed after signing."
    elif status.intact:
        message = "The signature does not match its certificate."
    else:
        message = "The signed content was altered after signing."
    return SignatureStatus(True, bool(status.intact), valid, whole, signer, status.signer_reported_dt, trusted,
                           trust_reason, signed_length, len(signatures), message)


def _asn1_cert(cert):
    """An asn1crypto certificate from a cryptography one, DER bytes or itself."""
    from asn1crypto import x509 as asn1_x509

    if isinstance(cert, asn1_x509.Certificate):
        return cert
    if isinstance(cert, (bytes, bytearray)):
        return asn1_x509.Certificate.load(bytes(cert))
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
