"""Register tab: the data subjects (placeholder until the register is built)."""
from __future__ import annotations

from pdp_desk.gui.tabs.placeholder import PlaceholderTab


class RegisterTab(PlaceholderTab):
    def texts(self) -> tuple[str, str]:
        return (self.tr("Register of data subjects"),
                self.tr("Everyone whose personal data the shop keeps will be listed here: customers, "
                        "registered users and recipients of orders, with their contacts and consents. "
                        "You will find a person by name, phone, e-mail or IIN."))
