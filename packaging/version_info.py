"""The version of the build: read from `pdp_desk.__version__`, turned into a Windows version
resource for the .exe (Explorer's Properties > Details; Inno Setup reads it back for the installer).

    python packaging/version_info.py          # prints the version, e.g. 0.1.0 (used by the CI workflow)

The spec imports this module; it reads `src/pdp_desk/__init__.py` as text, so it works before
the package is installed and without importing it.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPANY = "PDP Desk"
DESCRIPTION = "PDP Desk: personal-data compliance back office"


def package_version(root: Path = ROOT) -> str:
    text = (root / "src" / "pdp_desk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if match is None:
        raise RuntimeError("no __version__ in src/pdp_desk/__init__.py")
    return match.group(1)


def numbers(version: str) -> tuple[int, int, int, int]:
    """Windows wants four 16-bit numbers: "1.2.3rc1" -> (1, 2, 3, 0); missing parts are 0."""
    match = re.match(r"^\d+(?:\.\d+)*", version)
    if match is None:
        raise ValueError(f"version {version!r} does not start with numbers")
    parts = match.group().split(".")[:4]
    values = [int(p) for p in parts] + [0] * (4 - len(parts))
    if any(v > 0xFFFF for v in values):
        raise ValueError(f"version {version!r}: each number must be at most 65535 for Windows")
    return tuple(values)  # type: ignore[return-value]


def version_resource(version: str, exe_name: str):
    """The VSVersionInfo that PyInstaller writes into the .exe (Windows builds only)."""
    from PyInstaller.utils.win32.versioninfo import (FixedFileInfo, StringFileInfo, StringStruct,
                                                     StringTable, VarFileInfo, VarStruct,
                                                     VSVersionInfo)

    four = numbers(version)
    strings = [
        StringStruct("CompanyName", COMPANY),
        StringStruct("FileDescription", DESCRIPTION),
        StringStruct("FileVersion", ".".join(map(str, four))),
        StringStruct("InternalName", exe_name),
        StringStruct("LegalCopyright", f"© {COMPANY}"),
        StringStruct("OriginalFilename", f"{exe_name}.exe"),
        StringStruct("ProductName", "PDP Desk"),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=four, prodvers=four, mask=0x3F, flags=0x0, OS=0x40004,
                          fileType=0x1, subtype=0x0, date=(0, 0)),
        kids=[
            StringFileInfo([StringTable("040904B0", strings)]),  # U.S. English, Unicode
            VarFileInfo([VarStruct("Translation", [0x0409, 1200])]),
        ],
    )


if __name__ == "__main__":
    print(package_version())
    sys.exit(0)
