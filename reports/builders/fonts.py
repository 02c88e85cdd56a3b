"""Fonts the builders measure and draw with: Debian's Liberation Serif 2 (fonts-liberation2) has the metrics and the
Vietnamese letters of Times New Roman (the report's font; Liberation 1 lacks letters such as "Ộ"), DejaVu the
Vietnamese letters of the chart. Without either, widths are estimated generously."""

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_FILES = {
    ("serif", False): [
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",  # wider than Times: widths err on the safe side
    ],
    ("serif", True): [
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    ],
    ("sans", False): [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    ],
    ("sans", True): [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ],
}
POINT_MM = 25.4 / 72
_MEASURE_SIZE = 1000


@lru_cache
def font_file(family: str, bold: bool = False) -> str | None:
    return next((path for path in FONT_FILES[(family, bold)] if Path(path).is_file()), None)


@lru_cache
def truetype(family: str, size: int, bold: bool = False):
    """A Pillow font with Vietnamese letters, or Pillow's own where no font file is installed."""
    path = font_file(family, bold)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of a line of Times New Roman text at a size, in millimetres."""
    path = font_file("serif", bold)
    if path is None:
        return len(text) * size_pt * (0.62 if bold else 0.56) * POINT_MM
    return truetype("serif", _MEASURE_SIZE, bold).getlength(text) * size_pt / _MEASURE_SIZE * POINT_MM


def longest_word_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The widest word of a text: a column narrower than it breaks the word ("Khôn/g")."""
    return max((text_width_mm(word, size_pt, bold=bold) for word in str(text).split()), default=0.0)
