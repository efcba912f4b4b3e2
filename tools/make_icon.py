"""Draw PDP Desk's icon with Qt and write resources/icon.png (256 px) and resources/icon.ico.

    .venv/bin/python tools/make_icon.py

The icon: a blue rounded square holding a white shield with a blue tick — "personal data,
protected". Each size is drawn on its own (not scaled down from 256 px), with the outline
snapped to whole pixels, so the 16 and 24 px icons of Explorer and the taskbar stay crisp.

The .ico holds 16, 20, 24, 32, 40, 48, 64, 128 and 256 px. Sizes up to 128 are stored as
32-bit bitmaps (what every Windows tool, Inno Setup's compiler included, reads); 256 px as
PNG, which Windows expects there. The files are committed: run this only to change the icon.
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PNG_FROM = 256  # sizes from here on are stored as PNG inside the .ico

BLUE_TOP, BLUE_BOTTOM = QColor("#2468c2"), QColor("#174a8b")
TICK = QColor("#174a8b")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)

    # Background: rounded square, a gentle vertical gradient.
    margin = 0.0 if size <= 24 else round(s * 0.03)
    square = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    gradient = QLinearGradient(0, 0, 0, s)
    gradient.setColorAt(0, BLUE_TOP)
    gradient.setColorAt(1, BLUE_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    radius = s * 0.2
    p.drawRoundedRect(square, radius, radius)

    # Shield: flat top with rounded shoulders, sides curving to a point at the bottom.
    left, right = s * 0.22, s * 0.78
    top, bottom = s * 0.16, s * 0.87
    middle = s / 2
    shield = QPainterPath()
    shield.moveTo(middle, top)
    shield.cubicTo(QPointF(middle + s * 0.12, top + s * 0.07), QPointF(right - s * 0.06, top + s * 0.08),
                   QPointF(right, top + s * 0.08))
    shield.cubicTo(QPointF(right, s * 0.50), QPointF(right - s * 0.06, s * 0.72), QPointF(middle, bottom))
    shield.cubicTo(QPointF(left + s * 0.06, s * 0.72), QPointF(left, s * 0.50), QPointF(left, top + s * 0.08))
    shield.cubicTo(QPointF(left + s * 0.06, top + s * 0.08), QPointF(middle - s * 0.12, top + s * 0.07),
                   QPointF(middle, top))
    shield.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(shield)

    # Tick: thicker, relatively, at small sizes so it does not vanish.
    width = max(1.6, s * (0.10 if size <= 32 else 0.085))
    pen = QPen(TICK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath()
    tick.moveTo(s * 0.355, s * 0.50)
    tick.lineTo(s * 0.465, s * 0.615)
    tick.lineTo(s * 0.665, s * 0.38)
    p.drawPath(tick)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """An icon bitmap: BITMAPINFOHEADER (height doubled: colour + mask), BGRA rows bottom-up,
    then the 1-bit AND mask (all 0: the alpha channel decides transparency)."""
    size = image.width()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)  # B, G, R, A in memory (little-endian)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        line = image.constScanLine(y)
        rows.append(bytes(line)[: size * 4])
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + bytes(mask_row * size)


def ico_bytes(images: list[QImage]) -> bytes:
    entries = [png_bytes(im) if im.width() >= PNG_FROM else dib_bytes(im) for im in images]
    out = [struct.pack("<HHH", 0, 1, len(images))]
    offset = 6 + 16 * len(images)
    for image, data in zip(images, entries):
        side = image.width() if image.width() < 256 else 0  # 0 means 256
        out.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    return b"".join(out + entries)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    images = [draw(size) for size in SIZES]
    target = ROOT / "resources"
    (target / "icon.png").write_bytes(png_bytes(images[-1]))
    (target / "icon.ico").write_bytes(ico_bytes(images))
    print(f"wrote {target / 'icon.png'} and {target / 'icon.ico'} ({', '.join(map(str, SIZES))} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
