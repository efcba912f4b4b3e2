"""Build PDP Desk's one-folder program with PyInstaller and print its size and the build time.

    .venv/bin/python packaging/build.py                    # -> dist/pdp-desk/
    .venv/bin/python packaging/build.py --dist D --work W  # elsewhere (tests, benchmarks)

The Windows installer is made from that folder by Inno Setup (packaging/pdp_desk.iss); the CI
workflow .github/workflows/windows-installer.yml runs both. tests/test_packaging.py and
bench/bench_packaged.py use `build` and `folder_size` from here.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "pdp_desk.spec"
FOLDER = "pdp-desk"      # COLLECT's name in the spec


class BuildFailed(RuntimeError):
    pass


def program(folder: Path, name: str = "pdp-desk") -> Path:
    """The executable `name` in a built folder (.exe on Windows)."""
    return folder / (name + (".exe" if os.name == "nt" else ""))


def build(dist: Path, work: Path, log: Path | None = None) -> tuple[Path, float]:
    """Run PyInstaller on the spec; returns (the built folder, seconds taken).

    The output goes to `log` (default: work/build.log); on failure BuildFailed carries its end.
    """
    work.mkdir(parents=True, exist_ok=True)
    log = log or work / "build.log"
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    started = time.perf_counter()
    with log.open("wb") as output:
        done = subprocess.run(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise BuildFailed(f"PyInstaller exited with code {done.returncode}; the end of {log}:\n{tail}")
    return dist / FOLDER, seconds


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the folder goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder")
    args = parser.parse_args(argv)
    try:
        folder, seconds = build(args.dist.resolve(), args.work.resolve())
    except BuildFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    size, files = folder_size(folder)
    print(f"built {folder} in {seconds:.0f} s: {size / 2**20:.0f} MB in {files:,} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
