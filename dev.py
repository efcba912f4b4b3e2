#!/usr/bin/env python3
"""One entry point for people working on PDP Desk: set up, run, test, measure.

    python3 dev.py demo      set everything up and open the app on demo data
    python3 dev.py test      set everything up and run the test suite
    python3 dev.py bench     set everything up and run the benchmarks (--small for CI size)
    python3 dev.py app ...   run `pdp-desk` with any arguments in the project's environment

Runs on any Python 3.8+ (it only finds a 3.12+ interpreter, makes `.venv` with it and installs
the project there), so the Quick start works whatever `python3` a machine has. Standard library
only; pathlib everywhere so it runs unchanged on Windows.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_VERSION = (3, 12)
WINDOWS = os.name == "nt"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def version_of(python: str | Path) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [str(python), "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    try:
        major, minor = out.stdout.split()
        return int(major), int(minor)
    except ValueError:
        return None


def candidate_pythons() -> list[str]:
    """Interpreters to try, newest first: this one, PATH, the Windows launcher, pyenv."""
    found: list[str] = [sys.executable]
    for minor in range(20, MIN_VERSION[1] - 1, -1):
        exe = shutil.which(f"python3.{minor}")
        if exe:
            found.append(exe)
    if WINDOWS and shutil.which("py"):
        for minor in range(20, MIN_VERSION[1] - 1, -1):
            out = subprocess.run(["py", f"-3.{minor}", "-c", "import sys; print(sys.executable)"],
                                 capture_output=True, text=True)
            if out.returncode == 0 and out.stdout.strip():
                found.append(out.stdout.strip())
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    versions = pyenv_root / "versions"
    if versions.is_dir():
        for entry in sorted(versions.iterdir(), reverse=True):
            exe = entry / ("python.exe" if WINDOWS else "bin/python")
            if exe.exists():
                found.append(str(exe))
    for name in ("python3", "python"):
        exe = shutil.which(name)
        if exe:
            found.append(exe)
    return found


def find_python() -> str:
    best: tuple[tuple[int, int], str] | None = None
    for exe in candidate_pythons():
        version = version_of(exe)
        if version and version >= MIN_VERSION and (best is None or version > best[0]):
            best = (version, exe)
    if best is None:
        sys.exit("PDP Desk needs Python 3.12 or newer, and none was found.\n"
                 "Install it from python.org (Windows: tick 'Add python.exe to PATH'), then run this again.")
    return best[1]


def requirements_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> Path:
    """Create .venv with a 3.12+ Python and install the project (editable, with test tools)."""
    python = venv_python()
    stamp_file = VENV / ".pdp-desk-installed"
    version = version_of(python) if python.exists() else None
    if version is None or version < MIN_VERSION:
        if VENV.exists():
            shutil.rmtree(VENV)
        base = find_python()
        print(f"Creating {VENV.name} with {base}", flush=True)
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    if not stamp_file.exists() or stamp_file.read_text() != requirements_stamp():
        print("Installing PDP Desk and its dependencies into .venv ...", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run(pip + ["install", "--upgrade", "pip"], check=True)
        subprocess.run(pip + ["install", "-e", f"{ROOT}[test]"], check=True)
        stamp_file.write_text(requirements_stamp())
    return python


def run(args: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.run(args, cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command not in {"demo", "test", "bench", "app", "setup"}:
        print(f"Unknown command {command!r}.\n{__doc__}", file=sys.stderr)
        return 2
    python = str(ensure_venv())
    env = dict(os.environ)
    if command == "setup":
        return 0
    if command == "demo":
        return run([python, "-m", "pdp_desk", "--demo", *rest], env)
    if command == "app":
        return run([python, "-m", "pdp_desk", *rest], env)
    if command == "test":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        return run([python, "-m", "pytest", *rest], env)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run([python, str(ROOT / "bench" / "run_all.py"), *rest], env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
