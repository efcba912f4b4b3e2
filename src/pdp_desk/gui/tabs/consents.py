"""Consents tab: consents given and withdrawn (placeholder)."""
from __future__ import annotations

from pdp_desk.gui.tabs.placeholder import PlaceholderTab


class ConsentsTab(PlaceholderTab):
    def texts(self) -> tuple[str, str]:
        return (self.tr("Consents"),
                self.tr("Each person's consents to the purposes of the privacy policy will be shown "
                        "here: when and how consent was given, to which version of the policy, and "
                        "withdrawals with their deadline."))
