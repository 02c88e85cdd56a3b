"""The counts per status as a PNG for Word (python-docx takes images, not charts)."""

from io import BytesIO

from PIL import Image, ImageDraw

from reports.builders.fonts import truetype

SCALE = 3  # drawn at three times its size: sharp when printed at 150 mm wide


def status_chart_png(counts: list[tuple[str, str, str, int]]) -> bytes:
    """Horizontal bars, one per status with its Vietnamese label, colour and count, on white.

    Every bar carries its label and its count in black, so that the chart reads the same on a black-and-white
    printer, where the colours become greys."""
    font, bold = truetype("sans", 15 * SCALE), truetype("sans", 15 * SCALE, bold=True)
    row, bar_width, gap = 30 * SCALE, 300 * SCALE, 10 * SCALE
    label_width = max(int(font.getlength(label)) for _, label, _, _ in counts) + 2 * gap
    width, height = label_width + bar_width + 60 * SCALE, row * len(counts) + gap
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = max([count for *_, count in counts] + [1])
    for index, (_, label, colour, count) in enumerate(counts):
        y = gap // 2 + index * row
        middle = y + row // 2
        draw.text((label_width - gap, middle), label, fill="#000000", font=font, anchor="rm")
        length = max(bar_width * count / top, SCALE)
        draw.rectangle(
            [label_width, y + 5 * SCALE, label_width + length, y + row - 5 * SCALE],
            fill=colour,
            outline="#52606d",
            width=SCALE,
        )
        draw.text((label_width + length + gap, middle), str(count), fill="#000000", font=bold, anchor="lm")
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
