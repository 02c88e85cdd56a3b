"""Evidence files of activity reports: what a file really is, checked by its content (not only its name), and where
it is kept.

Accepted: PDF, JPEG and PNG images, Word (.docx, and .doc of Word 97–2003). The name's extension must say what the
content is; an image must open as one (Pillow), a .docx must be a Word zip. A file is kept under MEDIA_ROOT with a
name nobody can guess (`evidence/<year>/<random>.<extension>`) and served only through a view that checks who asks.
Every refusal is a Vietnamese message naming the file.
"""

import hashlib
import secrets
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from indicators.workbooks.problems import vn_size

EVIDENCE_FOLDER = "evidence"
ACCEPTED_WORDS = "PDF, ảnh JPG/PNG hoặc văn bản Word (.docx, .doc)"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04",)
_MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo; larger is a decompression bomb or not a photo
_MAX_ZIP_PARTS = 2000
_MAX_ZIP_UNPACKED = 200 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    extension: str  # as stored
    content_type: str
    words: str  # what the user is told it is


PDF = Kind("pdf", "application/pdf", "tài liệu PDF")
JPEG = Kind("jpg", "image/jpeg", "ảnh JPG")
PNG = Kind("png", "image/png", "ảnh PNG")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "văn bản Word (.docx)")
DOC = Kind("doc", "application/msword", "văn bản Word 97–2003 (.doc)")
BY_EXTENSION = {"pdf": PDF, "jpg": JPEG, "jpeg": JPEG, "png": PNG, "docx": DOCX, "doc": DOC}


class EvidenceRefused(ValueError):
    """A file that is not accepted as evidence; the message says which and why."""


@dataclass(frozen=True)
class CheckedFile:
    name: str  # as the user named it (shown and offered on download)
    kind: Kind
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _sniff(data: bytes) -> Kind | None:
    """What the bytes are, by their content."""
    if data[:1024].lstrip()[:5] == b"%PDF-":
        return PDF
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if data[:4] in _ZIP:
        return DOCX if _is_word_zip(data) else None
    if data[:8] == _OLE and "WordDocument".encode("utf-16-le") in data:
        return DOC
    return None


def _is_word_zip(data: bytes) -> bool:
    """A .docx: a zip with a Word document inside, of a sane size, not encrypted (read its directory only)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    names = {member.filename for member in members}
    return (
        len(members) <= _MAX_ZIP_PARTS
        and sum(member.file_size for member in members) <= _MAX_ZIP_UNPACKED
        and not any(member.flag_bits & 0x1 for member in members)
        and "[Content_Types].xml" in names
        and "word/document.xml" in names
    )


def _image_opens(data: bytes, kind: Kind) -> bool:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                if image.width * image.height > _MAX_IMAGE_PIXELS:
                    return False
                expected = "JPEG" if kind is JPEG else "PNG"
                if image.format != expected:
                    return False
                image.verify()
    except Exception:  # Pillow raises many kinds for a damaged or hostile image: each means "not a photo"
        return False
    return True


def check_evidence(name: str, data: bytes) -> CheckedFile:
    """The file if it is accepted evidence. Raises EvidenceRefused saying what is wrong, naming the file."""
    shown = (name or "tệp").strip()[:120] or "tệp"
    limit = settings.EVIDENCE_MAX_FILE_BYTES
    if not data:
        raise EvidenceRefused(f"Tệp “{shown}” trống, không có nội dung.")
    if len(data) > limit:
        raise EvidenceRefused(f"Tệp “{shown}” nặng {vn_size(len(data))}, quá giới hạn {vn_size(limit)} cho một tệp.")
    extension = shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    claimed = BY_EXTENSION.get(extension)
    if claimed is None:
        raise EvidenceRefused(f"Tệp “{shown}” không được nhận: chỉ nhận {ACCEPTED_WORDS}.")
    actual = _sniff(data)
    if actual is None:
        raise EvidenceRefused(
            f"Nội dung tệp “{shown}” không phải là {claimed.words} như tên tệp ghi (hoặc tệp bị hỏng); "
            f"chỉ nhận {ACCEPTED_WORDS}."
        )
    if actual is not claimed:
        raise EvidenceRefused(
            f"Tệp “{shown}” có đuôi .{extension} nhưng nội dung là {actual.words}: hãy đặt lại đúng tên tệp."
        )
    if actual in (JPEG, PNG) and not _image_opens(data, actual):
        raise EvidenceRefused(
            f"Ảnh “{shown}” bị hỏng hoặc quá lớn (quá {_MAX_IMAGE_PIXELS // 1_000_000} triệu điểm ảnh)."
        )
    return CheckedFile(name=shown, kind=actual, data=data)


def evidence_store(checked: CheckedFile, *, year: int) -> str:
    """Write the file under MEDIA_ROOT with an unguessable name; returns the stored name."""
    wanted = f"{EVIDENCE_FOLDER}/{year}/{secrets.token_urlsafe(24)}.{checked.kind.extension}"
    return default_storage.save(wanted, ContentFile(checked.data))


def evidence_delete(stored_name: str) -> None:
    if stored_name:
        default_storage.delete(stored_name)
