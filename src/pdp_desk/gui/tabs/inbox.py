"""Inbox tab: requests from data subjects and their deadlines (placeholder)."""
from __future__ import annotations

from pdp_desk.gui.tabs.placeholder import PlaceholderTab


class InboxTab(PlaceholderTab):
    def texts(self) -> tuple[str, str]:
        return (self.tr("Requests and their deadlines"),
                self.tr("Requests from data subjects with their working-day deadlines will be listed "
                        "here: what is due today, what is late, what to do next."))
