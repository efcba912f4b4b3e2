"""The shared-folder transport: files only (services.sync drives it with the database).

    <folder>/pdp-desk-sync/passphrase-check.pdpseal     a tiny sealed file: is the passphrase right?
                                                        (it also holds the folder's random id)
    <folder>/pdp-desk-sync/<device id>/<bundle>.pdpsync  each PC writes only its own sub-folder

The folder may be a network share, a USB stick or a folder a file-sync tool keeps in step, so:
nothing is ever replaced in place (new names, renamed from `.part`), unknown files are left alone,
and a file that cannot be read now is skipped and tried again next time.
"""
from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from pdp_desk.store import sealed
from pdp_desk.sync.bundle import SUFFIX, parse_name

ROOT = "pdp-desk-sync"
CHECK = "passphrase-check.pdpseal"
_CHECK_TEXT = b"pdp-desk sync folder v1"
_FOLDER_ID = re.compile(rb"^[0-9a-f]{32}$")
_DEVICE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class SyncUnavailable(Exception):
    """The folder cannot be used now (gone, not writable, wrong passphrase). Nothing was changed."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class BundleFile:
    path: Path
    seq_to: int
    snapshot: bool


class Folder:
    def __init__(self, path: Path | str, passphrase: str):
        self.path = Path(path).expanduser()
        self.passphrase = passphrase or ""
        self.root = self.path / ROOT
        # The folder's own id, kept in the check file: this PC's cursors are keyed by it, so the
        # same folder reached by another path (a USB stick's new drive letter) is still known.
        self.folder_id = ""

    def check(self) -> None:
        """Make sure the folder is there, writable and opened by this passphrase (the first PC
        to use the folder leaves the check file)."""
        if not self.passphrase:
            raise SyncUnavailable("no_passphrase", "No sync passphrase is set. Enter the passphrase shared by "
                                                   "the shop's PCs in Settings → Sync.")
        try:
            if not self.path.is_dir():
                raise SyncUnavailable("folder_missing", f"The sync folder {self.path} is not available (a network "
                                      "share not connected, a USB stick not inserted?). Work goes on; sync again "
                                      "when it is there.")
            self.root.mkdir(exist_ok=True)
            check = self.root / CHECK
            if check.exists():
                try:
                    text = sealed.open_bytes(check.read_bytes(), self.passphrase)
                    if not text.startswith(_CHECK_TEXT + b" ") or not _FOLDER_ID.match(text[len(_CHECK_TEXT) + 1:]):
                        raise sealed.DamagedFile("unexpected content")
                    self.folder_id = text[len(_CHECK_TEXT) + 1:].decode("ascii")
                except sealed.WrongPassphrase:
                    raise SyncUnavailable("wrong_passphrase", "The sync passphrase is not the one this folder was "
                                          "set up with. Enter the passphrase the other PCs use.") from None
                except sealed.SealError:
                    self._write_check(check)  # a damaged check file (half-copied): make it again
            else:
                self._write_check(check)
        except SyncUnavailable:
            raise
        except OSError as error:
            raise SyncUnavailable("folder_unusable", f"The sync folder {self.path} cannot be used "
                                  f"({error.strerror or error}). Work goes on; nothing was lost.") from None

    def _write_check(self, check: Path) -> None:
        self.folder_id = secrets.token_hex(16)
        part = check.with_name(f".{check.name}.{secrets.token_hex(4)}.part")
        part.write_bytes(sealed.seal_bytes(_CHECK_TEXT + b" " + self.folder_id.encode("ascii"), self.passphrase))
        os.replace(part, check)

    def own(self, device_id: str) -> Path:
        folder = self.root / device_id
        folder.mkdir(exist_ok=True)
        return folder

    def devices(self) -> list[str]:
        """Device ids that have a sub-folder."""
        try:
            return sorted(p.name for p in self.root.iterdir() if p.is_dir() and _DEVICE.match(p.name))
        except OSError:
            return []

    def bundles(self, device_id: str) -> list[BundleFile]:
        """The bundles of a device, oldest first (by change number, snapshots after increments of
        the same number)."""
        folder = self.root / device_id
        found = []
        try:
            entries = list(folder.iterdir())
        except OSError:
            return []
        for path in entries:
            parsed = parse_name(path.name)
            if parsed is not None and path.is_file():
                found.append(BundleFile(path, parsed[0], parsed[1]))
        return sorted(found, key=lambda b: (b.seq_to, b.snapshot, b.path.name))

    def leftovers(self, device_id: str) -> list[Path]:
        """`.part` files of this device (a write interrupted by a crash)."""
        try:
            return [p for p in (self.root / device_id).iterdir() if p.name.endswith(".part")]
        except OSError:
            return []


def remove(path: Path) -> bool:
    try:
        path.unlink(missing_ok=True)
        return True
    except OSError:  # open by a reader on another PC (Windows): removed at the next sync
        return False


__all__ = ["SUFFIX", "BundleFile", "Folder", "SyncUnavailable", "remove"]
