"""Signing acts with a PKCS#12 key and checking signatures offline."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from io import BytesIO

import pytest
from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from pdp_desk.documents import signing
from pdp_desk.documents.act import read_keywords, render_act

from test_act_pdf import document


def make_p12(password: bytes | None = b"s3cret", *, name="ИП Турехан Тест", days=365, start=None, key=None):
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ")])
    start = start or datetime.now(timezone.utc) - timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + timedelta(days=days))
            .sign(key, hashes.SHA256()))
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(b"test", key, cert, None, encryption), cert


# --- a GOST key file made by hand: PKCS#12 with a key bag whose algorithm is GOST 34.310 ---------

def _len(n: int) -> bytes:
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _len(len(body)) + body


def _seq(*parts: bytes) -> bytes:
    return _tlv(0x30, b"".join(parts))


def _oid(dotted: str) -> bytes:
    return core.ObjectIdentifier(dotted).dump()


def gost_p12(algorithm: str = "1.2.398.3.10.1.1.1.1") -> bytes:
    data = "1.2.840.113549.1.7.1"
    key_info = _seq(core.Integer(0).dump(), _seq(_oid(algorithm), _seq(_oid("1.2.398.3.10.1.1.1.2.1"))),
                    _tlv(0x04, _tlv(0x04, bytes(range(32)))))
    bag = _seq(_oid("1.2.840.113549.1.12.10.1.1"), _tlv(0xA0, key_info))       # keyBag
    safe = _seq(_oid(data), _tlv(0xA0, _tlv(0x04, _seq(bag))))
    return _seq(core.Integer(3).dump(), _seq(_oid(data), _tlv(0xA0, _tlv(0x04, _seq(safe)))))


# --- tests ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def key():
    return make_p12()


@pytest.fixture(scope="module")
def act_pdf():
    return render_act(document(), "ru")


def test_sign_and_verify(key, act_pdf, tmp_path):
    p12, cert = key
    path = tmp_path / "RSA256_test.p12"
    path.write_bytes(p12)
    signed = signing.sign_pdf(act_pdf, path, "s3cret")
    assert signed.startswith(act_pdf) and len(signed) > len(act_pdf)
    status = signing.verify_signature(signed)
    assert status.signed and status.intact and status.valid and status.covers_whole_file
    assert status.signer == "ИП Турехан Тест"
    assert status.signed_length == len(signed)
    assert not status.trusted and "revocation" in status.trust_reason
    assert signing.verify_signature(signed, trust_roots=[cert]).trusted
    # the visible stamp sits in the box the act left for it
    reader = PdfReader(BytesIO(signed))
    page_no = int(read_keywords(reader.metadata["/Keywords"])["sigbox"].split(":")[0])
    annots = [a.get_object() for a in reader.pages[page_no - 1].get("/Annots", [])]
    widgets = [a for a in annots if a.get("/FT") == "/Sig" or a.get("/Subtype") == "/Widget"]
    assert widgets and float(widgets[0]["/Rect"][2]) - float(widgets[0]["/Rect"][0]) > 100


def test_the_stamp_font_is_rescaled_to_1000_units():
    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(signing.stamp_font_bytes()))
    assert font["head"].unitsPerEm == 1000
    cmap = font.getBestCmap()
    for letter in "әғқңөұүһіЁё№":
        assert ord(letter) in cmap, letter


def test_a_changed_byte_breaks_the_signature(key, act_pdf):
    signed = bytearray(signing.sign_pdf(act_pdf, key[0], "s3cret"))
    signed[len(act_pdf) // 2] ^= 0x01
    status = signing.verify_signature(bytes(signed))
    assert status.signed and not status.valid


def test_an_unsigned_file_says_so(act_pdf):
    status = signing.verify_signature(act_pdf)
    assert not status.signed and "no digital signature" in status.message


def test_wrong_password(key, act_pdf):
    with pytest.raises(signing.SigningError) as caught:
        signing.sign_pdf(act_pdf, key[0], "wrong")
    assert caught.value.code == "wrong_password"
    assert "password" in caught.value.message


@pytest.mark.parametrize("damage", [
    lambda b: b[:len(b) // 2],                   # cut short
    lambda b: b"not a key file at all " * 20,     # not PKCS#12
    lambda b: b"",                                # empty
    lambda b: b"\x30\x82\xff\xff" + b[4:],        # broken outer length
])
def test_a_damaged_key_file(key, act_pdf, damage):
    with pytest.raises(signing.SigningError) as caught:
        signing.load_key(damage(key[0]), "s3cret")
    assert caught.value.code == "key_damaged"
    assert "damaged" in caught.value.message


def test_a_corrupted_inside_with_the_right_password_is_not_called_a_wrong_password(key):
    broken = bytearray(key[0])
    broken[len(broken) // 2] ^= 0xFF   # inside the encrypted safe: the MAC no longer holds
    with pytest.raises(signing.SigningError) as caught:
        signing.load_key(bytes(broken), "s3cret")
    assert caught.value.code in ("wrong_password", "key_damaged")


def test_an_unreadable_key_file(tmp_path):
    with pytest.raises(signing.SigningError) as caught:
        signing.load_key(tmp_path / "missing.p12", "x")
    assert caught.value.code == "key_unreadable"


@pytest.mark.parametrize("algorithm", ["1.2.398.3.10.1.1.1.1", "1.2.398.3.10.1.1.2.3.2", "1.2.643.7.1.1.1.1",
                                       "1.2.643.2.2.19"])
def test_a_gost_key_gets_a_clear_message(act_pdf, algorithm):
    with pytest.raises(signing.SigningError) as caught:
        signing.sign_pdf(act_pdf, gost_p12(algorithm), "any")
    assert caught.value.code == "gost_key"
    assert caught.value.message.startswith("This key uses the GOST algorithm")
    assert "RSA" in caught.value.message


def test_gost_detection_works_on_oids():
    assert signing.is_gost_oid("1.2.398.3.10.1.1.1.1")
    assert signing.is_gost_oid("1.2.643.7.1.1.1.2")
    assert not signing.is_gost_oid("1.2.398.3.3.4.1.1")   # an NCA certificate policy, not an algorithm
    assert not signing.is_gost_oid("1.2.840.113549.1.1.1")  # RSA
    assert "1.2.398.3.10.1.1.1.1" in signing.key_algorithms(gost_p12())


def test_an_ec_key_signs_too(act_pdf):
    p12, _ = make_p12(key=ec.generate_private_key(ec.SECP256R1()))
    signed = signing.sign_pdf(act_pdf, p12, "s3cret")
    assert signing.verify_signature(signed).valid


def test_an_expired_certificate_is_refused_unless_confirmed(act_pdf):
    p12, _ = make_p12(start=datetime.now(timezone.utc) - timedelta(days=400), days=30)
    key = signing.load_key(p12, "s3cret")
    assert key.info.expired and "expired" in key.info.warnings()[0]
    with pytest.raises(signing.SigningError) as caught:
        signing.sign_pdf(act_pdf, key)
    assert caught.value.code == "certificate_expired"
    signed = signing.sign_pdf(act_pdf, key, allow_expired=True)
    assert signing.verify_signature(signed).signed


def test_a_key_without_password(act_pdf):
    p12, _ = make_p12(password=None)
    assert signing.verify_signature(signing.sign_pdf(act_pdf, p12, "")).valid
