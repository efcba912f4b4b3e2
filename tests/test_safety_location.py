"""The database on a network share: detected on Windows (UNC, mapped drives) and Linux (/proc/mounts),
and the warning shown once. Windows' GetDriveTypeW is what this machine lacks: a fake stands in."""
from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pdp_desk.gui import app as gui_app
from pdp_desk.gui import i18n, network_warning, prefs
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.store import location
from pdp_desk.store.location import DRIVE_REMOTE, linux_share, windows_share

DRIVE_FIXED = 3


def drives(**types):
    """A fake GetDriveTypeW: {"Z": DRIVE_REMOTE, ...}; records the roots it was asked about."""
    asked = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return types.get(root[0].upper(), DRIVE_FIXED)
    drive_type.asked = asked
    return drive_type


@pytest.mark.parametrize("path, expected", [
    (r"\\shop-server\data\pdp-desk.sqlite", "unc"),
    ("//shop-server/data/pdp-desk.sqlite", "unc"),
    (r"\\?\UNC\shop-server\data\pdp-desk.sqlite", "unc"),
    (r"Z:\PDP Desk\pdp-desk.sqlite", "mapped_drive"),
    (r"z:\pdp-desk.sqlite", "mapped_drive"),
    (r"\\?\Z:\pdp-desk.sqlite", "mapped_drive"),
    (r"C:\Users\manager\AppData\Local\PDP Desk\pdp-desk.sqlite", None),
    (r"\\?\C:\very\long\path\pdp-desk.sqlite", None),
    ("pdp-desk.sqlite", None),                        # relative: no drive to ask about
])
def test_windows_paths(path, expected):
    fake = drives(Z=DRIVE_REMOTE)
    assert windows_share(path, fake) == expected
    if expected is None and ":" in path:
        assert fake.asked, "a drive letter is asked about, not guessed"


def test_windows_drive_type_failures_are_not_alarms():
    def broken(root):
        raise OSError("no such drive")
    assert windows_share(r"Q:\x.sqlite", broken) is None


def test_network_share_takes_the_windows_branch_on_windows(monkeypatch):
    fake = drives(Y=DRIVE_REMOTE)
    monkeypatch.setattr(location, "os", SimpleNamespace(name="nt", path=os.path))
    monkeypatch.setattr(location, "windows_drive_type", fake)
    assert location.network_share(r"Y:\shared\pdp.sqlite") == "mapped_drive"
    assert location.network_share(r"D:\local\pdp.sqlite") is None
    assert fake.asked == ["Y:\\", "D:\\"]


MOUNTS = r"""sysfs /sys sysfs rw,nosuid 0 0
/dev/sda2 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
nas:/export/shop /mnt/shop nfs4 rw,vers=4.2 0 0
//nas/office /mnt/office\040share cifs rw,vers=3.0 0 0
/dev/sdb1 /mnt/shop/local-cache ext4 rw 0 0
laptop:/home /home/manager/remote fuse.sshfs rw 0 0
malformed line
"""


@pytest.mark.parametrize("path, expected", [
    ("/mnt/shop/pdp-desk.sqlite", "nfs4"),
    ("/mnt/shop", "nfs4"),
    ("/mnt/office share/pdp.sqlite", "cifs"),            # \040 is a space in /proc/mounts
    ("/mnt/shop/local-cache/pdp.sqlite", None),           # a local disk mounted inside the share
    ("/mnt/shopfloor/pdp.sqlite", None),                  # a name that merely starts the same
    ("/home/manager/remote/pdp.sqlite", "fuse.sshfs"),
    ("/home/manager/pdp.sqlite", None),
    ("/tmp/pdp.sqlite", None),
])
def test_linux_mounts(path, expected):
    assert linux_share(path, MOUNTS) == expected


def test_this_machines_temporary_folder_is_local(tmp_path):
    assert location.network_share(tmp_path / "pdp-desk.sqlite") is None


@pytest.fixture
def english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    monkeypatch.setattr(network_warning, "_warned", set())
    i18n.install("en")
    yield
    i18n.install("en")


def test_the_warning_names_the_file_gives_advice_and_comes_once(qtbot, db, english):
    window = MainWindow(db)
    qtbot.addWidget(window)
    box = network_warning.warn(window, db.path, kind="cifs")
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert db.path.name in box.text() and "network drive" in box.text()
    assert "this PC's own disk" in box.informativeText() and "synchronisation" in box.informativeText()
    box.close()
    assert network_warning.warn(window, db.path, kind="cifs") is None          # once per start
    assert network_warning.warn(window, db.path.with_name("local.sqlite")) is None   # local: nothing


def test_the_app_warns_at_start_when_the_database_is_on_a_share(tmp_path, english, monkeypatch):
    monkeypatch.setattr(network_warning, "network_share", lambda path: "nfs")
    seen = []

    def step():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.objectName() == "networkWarning" and widget.isVisible():
                seen.append(widget.text())
                widget.close()
            if isinstance(widget, MainWindow) and widget.isVisible() and seen:
                widget.close()
                timer.stop()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(50)
    from pdp_desk.gui import first_run
    monkeypatch.setattr(first_run, "should_ask", lambda db: False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))   # the log file goes there
    assert gui_app.run(tmp_path / "shared.sqlite", language="en") == 0
    assert seen and "shared.sqlite" in seen[0]
