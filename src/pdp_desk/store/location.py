"""Is the database on a network share? SQLite's WAL needs shared memory that network file
systems do not give, so two PCs opening one file on a share can corrupt it.

Pure detection, no Qt: `network_share(path)` returns a short code of the kind of share, or None
for a local disk (and when it cannot tell: a warning must never be a false alarm from guessing).
Windows: a UNC path (\\\\server\\share) or a drive letter whose type is DRIVE_REMOTE (a mapped
network drive). Linux: the file system type of the mount holding the file, from /proc/mounts.
"""
from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

DRIVE_REMOTE = 4   # GetDriveTypeW: "the drive is a remote (network) drive"

# File system types of network shares (and user-space network mounts) in /proc/mounts.
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph", "glusterfs",
    "lustre", "davfs", "fuse.sshfs", "sshfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs",
    "fuse.glusterfs", "fuse.cephfs",
})


def network_share(path: Path | str) -> str | None:
    """"unc", "mapped_drive", a Linux file system type ("nfs", "cifs" ...), or None (local)."""
    if os.name == "nt":
        return windows_share(str(path), windows_drive_type)
    if os.path.exists("/proc/mounts"):
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return linux_share(os.path.realpath(path), mounts)
    return None   # macOS and others: not a target; say nothing rather than guess


# --- Windows ----------------------------------------------------------------------------------


def windows_drive_type(root: str) -> int:
    """GetDriveTypeW for a root such as "Z:\\" (ctypes: no pywin32 needed)."""
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def windows_share(path: str, drive_type=windows_drive_type) -> str | None:
    """The Windows branch, with the system call passed in (tests give a fake one)."""
    text = path.replace("/", "\\")
    upper = text.upper()
    if upper.startswith("\\\\?\\UNC\\"):          # long-path form of \\server\share
        return "unc"
    if upper.startswith(("\\\\?\\", "\\\\.\\")):   # \\?\C:\... device paths: look at the drive
        text = text[4:]
    elif text.startswith("\\\\"):
        return "unc"
    drive = PureWindowsPath(text).drive
    if len(drive) == 2 and drive[1] == ":":
        try:
            if drive_type(drive + "\\") == DRIVE_REMOTE:
                return "mapped_drive"
        except (OSError, AttributeError, ValueError):
            return None
    return None


# --- Linux ------------------------------------------------------------------------------------


def _unescape(field: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011, a backslash as \\134."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def linux_share(real_path: str, mounts: str) -> str | None:
    """The type of the mount that holds `real_path` (the longest mount point above it), when
    it is a network file system; None otherwise."""
    best, best_type = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point, fs_type = _unescape(parts[1]), parts[2]
        inside = real_path == point or real_path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fs_type
    return best_type if best_type in NETWORK_TYPES else None
