"""The Windows packaging: the PyInstaller spec built here (Linux) and run, the installer script's
references, the icon, the version, the installer mutex.

The build (a few minutes) is made once per test session into a temporary folder and removed with
it; nothing is cached elsewhere. `PDP_DESK_BUILT=<folder>` tests an existing build instead (the
Windows workflow builds once, then runs these tests on that build).
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import pdp_desk
from pdp_desk import winmutex

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import build as packaging_build  # noqa: E402 - packaging/build.py
import version_info  # noqa: E402 - packaging/version_info.py

RUN_TIMEOUT = 180  # seconds for one start of the built program (a loaded CI machine)


# --- fast checks of the packaging files -------------------------------------------------------


def test_one_version_everywhere():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert version_info.package_version() == pdp_desk.__version__ == pyproject["project"]["version"]
    assert version_info.numbers("0.1.0") == (0, 1, 0, 0)
    assert version_info.numbers("2.10.3rc1") == (2, 10, 3, 0)
    assert version_info.numbers("1.2.3.4.5") == (1, 2, 3, 4)
    with pytest.raises(ValueError):
        version_info.numbers("v1")
    with pytest.raises(ValueError):
        version_info.numbers("70000.0")   # Windows keeps 16 bits per number


def iss_text() -> str:
    data = (PACKAGING / "pdp_desk.iss").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Inno Setup reads Cyrillic only from UTF-8 with a BOM"
    return data[3:].decode("utf-8")


def test_installer_script_refers_to_what_exists():
    text = iss_text()
    assert re.search(r"^AppMutex=" + re.escape(winmutex.NAME) + r"\s*$", text, re.MULTILINE)
    assert re.search(r"^PrivilegesRequired=lowest\s*$", text, re.MULTILINE)
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}\s*$", text, re.MULTILINE)
    icon = re.search(r"^SetupIconFile=(.+?)\s*$", text, re.MULTILINE).group(1)
    assert (PACKAGING / icon.replace("\\", "/")).is_file()
    for files in re.findall(r'MessagesFile: "([^"]+)"', text):
        for name in files.split(","):
            if not name.startswith("compiler:"):
                assert (PACKAGING / name).is_file(), name
    # Each custom message in each installer language.
    languages = re.findall(r'^Name: "(\w+)"; MessagesFile', text, re.MULTILINE)
    assert languages == ["ru", "kk", "en"]
    for key in ("DeleteDataQuestion", "DeleteDataFailed"):
        for language in languages:
            assert re.search(rf"^{language}\.{key}=\S", text, re.MULTILINE), (language, key)
    assert "{localappdata}\\PDP Desk" in text   # the data folder of appdirs.data_dir()


def test_kazakh_installer_messages():
    data = (PACKAGING / "Kazakh.isl").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert "LanguageName=Қазақша" in text and "LanguageID=$043F" in text
    messages = dict(re.findall(r"^(\w+)=(.*?)\s*$", text, re.MULTILINE))
    for name in ("ButtonNext", "ButtonCancel", "WelcomeLabel1", "SelectDirDesc", "ReadyLabel1",
                 "FinishedLabel", "ConfirmUninstall", "UninstalledAll", "SetupAppRunningError",
                 "CreateDesktopIcon", "LaunchProgram"):
        assert re.search("[әғқңөұүһіӘҒҚҢӨҰҮҺІа-яА-Я]", messages[name]), name
    for name, value in messages.items():   # the placeholders of the English original survive
        if name in ("SetupWindowTitle", "UninstallAppFullTitle", "ConfirmUninstall", "UninstalledAll"):
            assert "%1" in value, name


def test_icon_files():
    png = QImage(str(ROOT / "resources" / "icon.png"))
    assert (png.width(), png.height()) == (256, 256) and png.hasAlphaChannel()
    data = (ROOT / "resources" / "icon.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for k in range(count):
        width, _h, _c, _r, _planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * k)
        assert bits == 32 and offset + length <= len(data)
        sizes.append(width or 256)
        image = data[offset:offset + length]
        assert image.startswith(b"\x89PNG") if width == 0 else struct.unpack_from("<I", image)[0] == 40
    assert {16, 24, 32, 48, 256} <= set(sizes)


def test_installer_mutex():
    winmutex.hold()
    winmutex.hold()   # twice is harmless
    if os.name != "nt":
        assert winmutex._handle is None
        return
    import ctypes

    synchronize = 0x00100000
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenMutexW.restype = ctypes.c_void_p
    found = kernel32.OpenMutexW(synchronize, False, winmutex.NAME)
    assert found, "the installer would not see PDP Desk running"
    kernel32.CloseHandle(ctypes.c_void_p(found))


# --- the built program ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    given = os.environ.get("PDP_DESK_BUILT")
    if given:
        return Path(given)
    where = tmp_path_factory.mktemp("pyinstaller")
    try:
        folder, _seconds = packaging_build.build(where / "dist", where / "work")
    except packaging_build.BuildFailed as failed:
        pytest.fail(str(failed))
    shutil.rmtree(where / "work", ignore_errors=True)   # 100+ MB of intermediate files
    return folder


def run_built(folder: Path, name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PDP_DESK_DB", None)
    env.pop("PYTHONPATH", None)          # the build must not borrow modules from the source tree
    env["HOME"] = env["XDG_DATA_HOME"] = env["XDG_CONFIG_HOME"] = str(cwd)  # settings stay in tmp
    env["LOCALAPPDATA"] = env["APPDATA"] = str(cwd)
    env["TMPDIR"] = env["TEMP"] = env["TMP"] = str(cwd)   # --demo's database folder too
    return subprocess.run([str(packaging_build.program(folder, name)), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=RUN_TIMEOUT)


def distinct_colours(image: QImage) -> int:
    step = 7
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


@pytest.mark.slow
def test_the_built_program_opens_its_window_on_demo_data(built, tmp_path):
    pictures = {}
    for language in ("ru", "kk", "en"):
        target = tmp_path / f"window-{language}.png"
        done = run_built(built, "pdp-desk", "--demo", "--demo-subjects", "300", "--lang", language,
                         "--tab", "inbox", "--screenshot", str(target), cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-3000:]
        image = QImage(str(target))
        assert (image.width(), image.height()) == (1280, 800), language
        assert distinct_colours(image) > 20, f"a blank picture ({language})"
        pictures[language] = image
    # The translations were found: the same window reads differently in each language.
    assert pictures["ru"] != pictures["kk"] and pictures["ru"] != pictures["en"]
    assert pictures["kk"] != pictures["en"]


@pytest.mark.slow
def test_the_built_folder_holds_what_is_found_by_path(built):
    inside = built / "_internal"
    qt = inside / "PySide6" / "Qt" if (inside / "PySide6" / "Qt").is_dir() else inside / "PySide6"  # Linux / Windows
    expected = [
        "resources/translations/pdp_desk_ru.qm", "resources/translations/pdp_desk_kk.qm",
        "resources/fonts/DejaVuSans.ttf", "resources/fonts/DejaVuSans-Bold.ttf",
        "resources/icon.png", "pdp_desk/store/migrations/env.py",
        "holidays/locale/kk/LC_MESSAGES/KZ.mo", "tzdata/zoneinfo/Asia/Almaty",
    ]
    expected += [f"resources/translations/{qm.name}" for qm in (ROOT / "resources/translations").glob("*.qm")]
    missing = [name for name in expected if not (inside / name).is_file()]
    assert not missing, missing
    for revision in (ROOT / "src/pdp_desk/store/migrations/versions").glob("*.py"):
        assert (inside / "pdp_desk/store/migrations/versions" / revision.name).is_file(), revision.name
    assert (qt / "translations/qtbase_ru.qm").is_file() and (qt / "translations/qtbase_kk.qm").is_file()
    assert not (qt / "translations/qtbase_de.qm").exists(), "Qt's translations only for ru, kk, en"
    libraries = [p.name for p in inside.rglob("*") if p.is_file()]
    assert any("pdfium" in name for name in libraries)      # printing renders with pdfium
    assert any(name.startswith("libpq") for name in libraries), "psycopg's libpq (sync server)"
    assert list((inside / "psycopg_binary").glob("_psycopg*")), "psycopg's compiled driver"
    platforms = {p.name.split(".")[0] for p in (qt / "plugins/platforms").iterdir()}
    assert {"libqoffscreen", "qoffscreen"} & platforms
    if os.name == "nt":
        assert "qwindows" in platforms and list((qt / "plugins/styles").glob("*.dll"))
    assert (qt / "plugins/imageformats").is_dir()


@pytest.mark.slow
def test_the_built_command_line_creates_and_upgrades_databases(built, tmp_path):
    from pdp_desk.store import migrate

    head = migrate.head_revision()
    fresh = tmp_path / "fresh.sqlite"
    done = run_built(built, "pdp-desk-cli", "init", "--db", str(fresh), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    old = tmp_path / "released-0001.sqlite"
    shutil.copyfile(ROOT / "tests/data/schema-0001.sqlite", old)
    done = run_built(built, "pdp-desk-cli", "init", "--db", str(old), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for path in (fresh, old):
        connection = sqlite3.connect(path)
        try:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
        finally:
            connection.close()
    done = run_built(built, "pdp-desk-cli", "audit", "verify", "--db", str(fresh), cwd=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_the_built_calendar_agrees_with_the_source(built, tmp_path):
    # Across Nauryz (21-23 March) and the days it moves: the holidays data must be in the build.
    args = ("due", "2026-03-18", "--type", "access", "--lang", "kk", "--db", str(tmp_path / "none.sqlite"))
    frozen = run_built(built, "pdp-desk-cli", *args, cwd=tmp_path)
    source = subprocess.run([sys.executable, "-m", "pdp_desk", *args], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=RUN_TIMEOUT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert frozen.returncode == source.returncode == 0, frozen.stderr + source.stderr
    assert frozen.stdout == source.stdout and frozen.stdout.strip()


@pytest.mark.slow
def test_the_built_program_verifies_a_signed_act(built, tmp_path):
    """Act PDF made and signed here; checked by the build (pyHanko, its validator, cryptography)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from _destruction_fixtures import NOW, make_org, make_subject, plan_for
    from test_signing import make_p12

    from pdp_desk.documents import signing
    from pdp_desk.services import destruction
    from pdp_desk.store.database import open_database

    db = open_database(tmp_path / "acts.sqlite")
    try:
        org = make_org(db)
        subject = make_subject(db, org, "0001")
        result = destruction.execute(db, plan_for(db, org, [subject]), actor="t", now=NOW)
        p12, _cert = make_p12()
        signed = tmp_path / "signed-act.pdf"
        signed.write_bytes(signing.sign_pdf(result.pdf, p12, "s3cret"))
        db_path = db.path
    finally:
        db.close()
    done = run_built(built, "pdp-desk-cli", "act", "verify", str(signed), "--db", str(db_path), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"The act № {result.number} holds." in done.stdout
    assert re.search(r"\[ok\] signature", done.stdout), done.stdout   # pyHanko ran in the build
    altered = bytearray(signed.read_bytes())
    altered[len(altered) // 3] ^= 0x20
    broken = tmp_path / "altered.pdf"
    broken.write_bytes(bytes(altered))
    done = run_built(built, "pdp-desk-cli", "act", "verify", str(broken), "--db", str(db_path), cwd=tmp_path)
    assert done.returncode == 1 and "[FAIL]" in done.stdout, done.stdout + done.stderr
