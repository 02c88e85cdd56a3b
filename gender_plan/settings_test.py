"""Test settings: the real settings with a fast password hasher and in-memory email."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "true")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Evidence files written by tests (and by load_demo in tests) go to a temporary folder, not the project's media/.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "gender-plan-test-media"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Every connection closed at the end of its request: threads of the concurrency tests must not leave connections
# behind that keep the test database from being dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Each test process's memory (emptied before each test, tests/conftest.py): the database's cache table is tested
# on its own (tests/reports/test_drilldown_kept.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
