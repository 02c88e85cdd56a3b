"""The counts per status as a PNG for Word (python-docx takes images, not charts)."""

from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# A font with Vietnamese letters; Debian's fonts-dejavu-core is on every machine the app runs on.
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
]


def _font(size: int):
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def status_chart_png(counts: list[tuple[str, str, str, int]]) -> bytes:
    """Horizontal bars, one per status with its Vietnamese label, colour and count; white background, 2× scale."""
    scale, row, label_width, bar_width = 2, 26, 230, 320
    width, height = (label_width + bar_width + 60) * scale, (row * len(counts) + 12) * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(13 * scale)
    top = max([count for *_, count in counts] + [1])
    for index, (_, label, colour, count) in enumerate(counts):
        y = (6 + index * row) * scale
        draw.text(((label_width - 8) * scale, y + 4 * scale), label, fill="#1f2933", font=font, anchor="ra")
        length = bar_width * count / top * scale
        x0 = label_width * scale
        draw.rectangle([x0, y + 3 * scale, x0 + max(length, 1), y + (row - 5) * scale], fill=colour, outline="#52606d")
        draw.text((x0 + length + 6 * scale, y + 4 * scale), str(count), fill="#1f2933", font=font)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
