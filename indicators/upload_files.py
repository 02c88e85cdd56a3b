"""Uploaded workbooks kept between their preview and the confirmation (plan and values workbooks alike): where they
are, and the deletion of those never confirmed (IMPORT_UPLOAD_MAX_AGE_HOURS), on each new upload and by the
`purge_uploads` command."""

import time
from pathlib import Path

from django.conf import settings


def upload_path(token: str) -> Path:
    return Path(settings.IMPORT_UPLOAD_DIR) / f"{token}.xlsx"


def stale_uploads_delete(*, max_age_hours: float | None = None, now: float | None = None) -> int:
    """Delete the kept workbooks older than the age limit; return how many were deleted."""
    folder = Path(settings.IMPORT_UPLOAD_DIR)
    if not folder.is_dir():
        return 0
    hours = settings.IMPORT_UPLOAD_MAX_AGE_HOURS if max_age_hours is None else max_age_hours
    cutoff = (time.time() if now is None else now) - hours * 3600
    deleted = 0
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except FileNotFoundError:  # deleted meanwhile by another worker, or confirmed
            continue
    return deleted
