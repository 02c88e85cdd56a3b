"""Settings for the gender-equality plan tracker.

Everything that differs between machines comes from the environment or an optional `.env` file
in the project root (DESIGN.md 7.5): DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string

from gender_plan.secret_key import DEVELOPMENT_KEY, usable

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# Development may run with a throwaway key; production must be given a real one (gender_plan.secret_key: without
# one SECRET_KEY is empty, nothing can be signed, and nothing serves).
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_KEY if DEBUG else "")
if not usable(SECRET_KEY, debug=DEBUG):
    SECRET_KEY = ""

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "simple_history",  # the history of every change that is not a figure (plans.history)
    "gender_plan.apps.LoginThrottleConfig",  # django-axes
    "plans",
    "indicators",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "plans.history.HistoryMiddleware",  # who changed what by which path (Trang / Quản trị)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gender_plan.middleware.SecurityHeadersMiddleware",
    "gender_plan.middleware.NullCharacterMiddleware",  # a NUL in an address: 404 / 400, never PostgreSQL's 500
    # Last, as django-axes asks: it turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gender_plan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plans.context_processors.permissions",
                "indicators.context_processors.notices",
            ],
        },
    },
]

WSGI_APPLICATION = "gender_plan.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections: a gunicorn worker keeps its connection for this many seconds instead of opening one per
# request (a PostgreSQL connection costs a few milliseconds and a process on the server); checked before reuse, so
# a connection the server closed meanwhile is replaced rather than failing a request. 0 closes after each request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Memory per sort or hash for our connections. At national size a drill-down adds up 660.000 figures per
    # province: with PostgreSQL's default 4 MB it sorts them on disk, with 32 MB it hashes them in memory (README,
    # Performance). A few operations per request, a few workers: well within a server's memory.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c work_mem={env('DATABASE_WORK_MEM', default='32MB')}"
    )

# The database: the only thing cached is the dashboard's drill-down (reports.drilldown), judged once and read by
# every worker (a worker's own memory would judge it once per worker). Whether it is still right is decided by a
# stamp read from the database on every request (indicators.freshness), not by the cache. The table is created by
# a migration (plans 0009), so `migrate` is all a new database needs. Login throttling counts in the database too
# (django-axes' database handler), and sessions live there.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gender_plan_cache",
        # A province's drill-down is about 25 KB (compressed); past this many entries Django drops a third of them.
        "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=1000), "CULL_FREQUENCY": 3},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "plans.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The public demo password and passwords common in Vietnam ("matkhau", "Abc@12345", "Hanoi2025" …).
    {"NAME": "plans.passwords.GuessablePasswordValidator"},
]

# django-axes counts failed logins first (the backend refuses a locked-out name before the password is checked).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Vietnamese by default: language, time zone, dd/mm/yyyy input and decimal comma (gender_plan/formats/vi).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["gender_plan.formats"]
# Our own catalogue: Vietnamese for django-import-export, which ships none.
LOCALE_PATHS = [BASE_DIR / "locale"]
# No automatic thousand grouping: ids, versions and years in HTML attributes and URLs must stay plain (3298, not
# 3.298). Figures on screen are grouped explicitly (the `vn` filter, plans.numbers.format_number).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # With DEBUG off: hashed, compressed names after `collectstatic` (which `make serve` always runs), and the
        # plain name for a file the manifest does not list, so a server started without collectstatic still works.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "gender_plan.storage.StaticStorage"
    },
}
# WhiteNoise also serves the files of static/ itself, so that an unhashed name is found without collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Uploaded workbooks wait here between the preview and the confirmation of an import.
IMPORT_UPLOAD_DIR = Path(env.str("IMPORT_UPLOAD_DIR", default=str(BASE_DIR / "media" / "imports")))
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)  # a file uploaded in a page

# What reading one workbook may cost (indicators/workbooks/reader.py, for every upload, command and admin import);
# a file past any limit is refused with a Vietnamese message before anything trusts it. MB = 1024 * 1024 bytes.
MB = 1024 * 1024
WORKBOOK_MAX_FILE_BYTES = env.int("WORKBOOK_MAX_FILE_BYTES", default=20 * MB)  # the .xlsx itself (commands too)
WORKBOOK_MAX_PARTS = env.int("WORKBOOK_MAX_PARTS", default=1000)  # members of its zip (Excel writes ~10 + 1 a sheet)
WORKBOOK_MAX_UNCOMPRESSED_BYTES = env.int("WORKBOOK_MAX_UNCOMPRESSED_BYTES", default=256 * MB)  # all members unzipped
WORKBOOK_MAX_COMPRESSION_RATIO = env.int("WORKBOOK_MAX_COMPRESSION_RATIO", default=200)  # a member of 1 MB or more
WORKBOOK_MAX_METADATA_BYTES = env.int("WORKBOOK_MAX_METADATA_BYTES", default=8 * MB)  # workbook, styles, relations
WORKBOOK_MAX_SHARED_STRINGS_BYTES = env.int("WORKBOOK_MAX_SHARED_STRINGS_BYTES", default=64 * MB)  # loaded whole
WORKBOOK_MAX_SHARED_STRINGS = env.int("WORKBOOK_MAX_SHARED_STRINGS", default=1_000_000)  # distinct texts
WORKBOOK_MAX_TEXT_LENGTH = env.int("WORKBOOK_MAX_TEXT_LENGTH", default=32_767)  # characters in a cell (Excel's own)
WORKBOOK_MAX_COLUMNS = env.int("WORKBOOK_MAX_COLUMNS", default=100)  # a value further right is refused (CV)
WORKBOOK_MAX_CELLS = env.int("WORKBOOK_MAX_CELLS", default=2_000_000)  # cells holding something, in a sheet read
WORKBOOK_MAX_ROWS = env.int("WORKBOOK_MAX_ROWS", default=20_000)  # data rows of a sheet, unless named below
PLAN_WORKBOOK_MAX_ROWS = env.int("PLAN_WORKBOOK_MAX_ROWS", default=5_000)  # indicators of a plan workbook
# Figures of a values workbook: a year of a national plan (3.321 communes × 20 indicators × 2 half-years = 132.840) fits.
VALUES_WORKBOOK_MAX_ROWS = env.int("VALUES_WORKBOOK_MAX_ROWS", default=150_000)
WORKBOOK_MAX_PROBLEMS = env.int("WORKBOOK_MAX_PROBLEMS", default=1000)  # listed; more are counted
ACTIVITIES_WORKBOOK_MAX_ROWS = env.int("ACTIVITIES_WORKBOOK_MAX_ROWS", default=5_000)  # activities of a workbook
# Evidence files of activity reports (PDF, JPG/PNG, Word), kept under MEDIA_ROOT/evidence and served only through a
# view that checks who asks: the largest file, and how many files one report may carry.
EVIDENCE_MAX_FILE_BYTES = env.int("EVIDENCE_MAX_FILE_BYTES", default=10 * MB)
EVIDENCE_MAX_FILES = env.int("EVIDENCE_MAX_FILES", default=10)
# Where `backup_db` writes when given no file name (and which `--keep N` prunes).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")

# A preview never confirmed is deleted after this many hours (on the next upload, and by `purge_uploads` from cron).
IMPORT_UPLOAD_MAX_AGE_HOURS = env.int("IMPORT_UPLOAD_MAX_AGE_HOURS", default=24)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="binhdanggioi@localhost")

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The admin's imports read files through the same bounded reader as every workbook (indicators/workbooks/tabular.py);
# resolved when first used, so that these settings import no application code.
IMPORT_FORMATS = SimpleLazyObject(lambda: import_string("indicators.workbooks.tabular.IMPORT_FORMATS"))

# PLAIN_HTTP: the app is served over plain http on this machine only (`make run` writes it into .env, with DEBUG off
# so that its own 404 and 500 pages show): no https redirect, no https-only cookies, no HSTS. `make serve` always
# runs with it off.
PLAIN_HTTP = env.bool("PLAIN_HTTP", default=False)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not PLAIN_HTTP)
    SESSION_COOKIE_SECURE = not PLAIN_HTTP
    CSRF_COOKIE_SECURE = not PLAIN_HTTP
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if PLAIN_HTTP else 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Reporting periods (DESIGN.md 3): a period opens for entry this many days before its deadline; it locks
# `Plan.lock_days_after_deadline` days after it, unless a coordinator reopens it.
PERIOD_OPENS_DAYS_BEFORE_DEADLINE = env.int("PERIOD_OPENS_DAYS_BEFORE_DEADLINE", default=30)

# Login throttling (django-axes, counted in the database, so every worker shares the count and a restart keeps it):
# this many failed attempts for one user name from one address lock that name from that address until the window
# has passed since the last failure. The name is counted as Django reads it (Unicode-normalised) and without case.
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)
# Behind a reverse proxy every request comes from the proxy's address: name the header that carries the client's
# (e.g. X-Forwarded-For, or X-Real-IP) and how many proxies append to it. Off by default: only set it when a proxy
# you run always sets that header, or clients could choose their address.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=1)
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_FAILURE_WINDOW_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "plans.login.throttled_username"
AXES_CLIENT_IP_CALLABLE = "plans.login.client_ip_address"
AXES_LOCKOUT_CALLABLE = "plans.login.lockout_response"
AXES_VERBOSE = False

# Headers on every page (gender_plan.middleware): no script and no <style> element that is not a file of ours, no
# plugin, no framing, and no browser feature the app does not use. Style attributes stay allowed: the server draws
# bars and status colours with them, and they cannot run code. The one hash is django-import-export's "select all"
# box on its export page (an inline onchange handler we cannot move).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-hashes' 'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# The history of changes (plans.history) is read in the admin, never reverted from there: a change goes through the
# form and its checks.
SIMPLE_HISTORY_REVERT_DISABLED = True
