"""Secrets this PC keeps in `local_state` (the sync passphrase; the hub's address, which may carry
the PostgreSQL password) sealed with Windows' DPAPI for the Windows user who saved them: a copy
of the database file does not carry them readable.

Stored form: "dpapi1:" + base64 of the DPAPI blob. Where DPAPI is missing (Linux, CI) or fails,
and whenever a sealed value does not open again at once, the value is kept as before (plain), so
nothing stops working. A blob this user cannot open (the file moved to another PC or user, a
backup restored elsewhere) reads as absent: Settings then asks for the passphrase again.
"""
from __future__ import annotations

import base64
import sys
from collections.abc import Callable

PREFIX = "dpapi1:"
SECRET_KEYS = frozenset({"sync.passphrase", "sync.hub_url"})
_ENTROPY = b"PDP Desk local_state secret, v1"   # ties the blobs to this program, not only to the user

Transform = Callable[[bytes], bytes]


def seal(value: str) -> str:
    """`value` sealed for this Windows user, or `value` itself where it cannot be."""
    dpapi = _dpapi()
    if not value or dpapi is None:
        return value
    protect, unprotect = dpapi
    plain = value.encode("utf-8")
    try:
        blob = protect(plain)
        if unprotect(blob) != plain:   # trust a blob only once it has opened again here
            return value
    except Exception:   # noqa: BLE001 - whatever went wrong (ctypes included), plain as before beats a lost value
        return value
    return PREFIX + base64.b64encode(blob).decode("ascii")


def unseal(stored: str | None) -> str | None:
    """The value of `stored` (plain values as they are); None when it is sealed and does not open."""
    if not stored or not stored.startswith(PREFIX):
        return stored
    dpapi = _dpapi()
    if dpapi is None:
        return None
    try:
        return dpapi[1](base64.b64decode(stored[len(PREFIX):], validate=True)).decode("utf-8")
    except Exception:   # noqa: BLE001 - another user's blob, a damaged value, ctypes: all read as not set
        return None


def _dpapi() -> tuple[Transform, Transform] | None:
    """(protect, unprotect) with CryptProtectData for the current user, or None off Windows."""
    if sys.platform != "win32":
        return None
    return _protect, _unprotect


# --- Windows: crypt32's CryptProtectData / CryptUnprotectData through ctypes ---------------------

_UI_FORBIDDEN = 0x1   # CRYPTPROTECT_UI_FORBIDDEN: never show a prompt (a scheduled task has no desktop)


def _crypt(protecting: bool, data: bytes) -> bytes:
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    def blob_of(raw: bytes) -> tuple[Blob, object]:
        buffer = ctypes.create_string_buffer(raw, len(raw))
        return Blob(len(raw), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer

    crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    function = crypt32.CryptProtectData if protecting else crypt32.CryptUnprotectData
    function.argtypes = [ctypes.POINTER(Blob), ctypes.c_void_p, ctypes.POINTER(Blob), ctypes.c_void_p,
                         ctypes.c_void_p, wintypes.DWORD, ctypes.POINTER(Blob)]
    function.restype = wintypes.BOOL
    kernel32.LocalFree.argtypes = [ctypes.c_void_p]
    kernel32.LocalFree.restype = ctypes.c_void_p
    source, _keep = blob_of(data)
    entropy, _keep_entropy = blob_of(_ENTROPY)
    out = Blob()
    if not function(ctypes.byref(source), None, ctypes.byref(entropy), None, None, _UI_FORBIDDEN,
                    ctypes.byref(out)):
        raise OSError(ctypes.get_last_error(), "DPAPI refused")
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        kernel32.LocalFree(ctypes.cast(out.pbData, ctypes.c_void_p))


def _protect(data: bytes) -> bytes:
    return _crypt(True, data)


def _unprotect(data: bytes) -> bytes:
    return _crypt(False, data)
