"""The Acts tab shows which PCs have confirmed each act's destruction (they confirm as they sync)."""
from __future__ import annotations

from sync_harness import create, destroy, make_org, make_replica, settle

from pdp_desk.gui.tabs.acts import A_PCS, ActsTab
from pdp_desk.services.sync import SyncSettings, save_sync_settings


def test_the_acts_tab_lists_the_pcs_that_confirmed_a_destruction(qtbot, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_replica(tmp_path, "a"), make_replica(tmp_path, "b")
    try:
        save_sync_settings(a.db, SyncSettings(), device_name="Касса 1")
        save_sync_settings(b.db, SyncSettings(), device_name="Склад")
        op, staff = make_org(a)
        settle([a, b], share)
        assert destroy(a, op, staff, create(a, op, "6001"))
        tab = ActsTab(a.db)
        qtbot.addWidget(tab)
        assert tab.table.item(0, A_PCS).text() == "1"          # only the PC that destroyed
        settle([a, b], share)
        tab.refresh()
        assert tab.table.item(0, A_PCS).text() == "2"
        tip = tab.table.item(0, A_PCS).toolTip()
        assert "Касса 1" in tip and "Склад" in tip and b.db.device_code in tip
        tab.resize(1100, 700)
        tab.grab().save(str(tmp_path / "acts.png"))
    finally:
        a.close()
        b.close()
