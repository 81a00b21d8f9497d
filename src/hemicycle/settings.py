"""Hemicycle's one settings module: everything that differs between machines comes from the environment.

HEMICYCLE_DATA_DIR       where the SQLite database, uploads and the generated secret key live (./var)
HEMICYCLE_DATABASE_URL   postgresql://user:password@host:port/name (default: SQLite in the data dir)
HEMICYCLE_REDIS_URL      redis://host:port/db, for the live broadcast across workers (default: in-process)
HEMICYCLE_SECRET_KEY     the secret key (default: generated once into the data dir)
HEMICYCLE_DEBUG          1 to show Django's debug pages
HEMICYCLE_ALLOWED_HOSTS  comma-separated host names (default: localhost, 127.0.0.1)
HEMICYCLE_FAST_PATH      0 to serve requests to speak through Django's usual path (server/fastpath.py)
HEMICYCLE_DIRECT_WRITES  0 to write live frames through the server's `send` only (proceedings/broadcast.py)
HEMICYCLE_HTTPS          true behind TLS: Secure cookies and HSTS (each can be set on its own, below)
HEMICYCLE_SITE_URL       the address e-mailed links point to, e.g. https://hemicycle.example.org
HEMICYCLE_FROM_EMAIL     the sender of Hemicycle's e-mails
HEMICYCLE_SIGNING_DIR    where the key that signs receipts and checkpoints lives (default: signing/ in the data dir)
docs/operations.md lists them all, with the limits on slow and greedy clients.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("HEMICYCLE_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("HEMICYCLE_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database(url: str) -> dict[str, object]:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "hemicycle.sqlite3",
            "OPTIONS": {
                # Write transactions take the lock at BEGIN, so concurrent commands queue instead of
                # failing on a lock upgrade; WAL lets readers go on while a command writes. FULL:
                # each commit is on the disk before the answer, so a receipt given is never lost,
                # even on power failure (NORMAL could lose the last commits; docs/performance.md).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
            },
            # Tests use a file too: an in-memory database shares one cache between threads, with
            # table locks that do not wait, unlike the WAL file that Hemicycle runs on.
            "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
        }
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError(
            f"HEMICYCLE_DATABASE_URL must be a postgresql:// URL, not {parsed.scheme}://"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/") or "hemicycle",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
    }


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("HEMICYCLE_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("HEMICYCLE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
DATABASES = {"default": _database(os.environ.get("HEMICYCLE_DATABASE_URL", ""))}
REDIS_URL = os.environ.get("HEMICYCLE_REDIS_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # Swagger UI's files under /static/ninja/: the API docs work offline
    "axes",  # sign-in failures counted, by address and by account (accounts/throttle.py)
    "hemicycle.delegations",
    "hemicycle.accounts",
    "hemicycle.meetings",
    "hemicycle.proceedings",
    "hemicycle.records",
    "hemicycle.outcome",
    "hemicycle.demo",
    "hemicycle.convening",
    "hemicycle.inscription",
    "hemicycle.server",
    "hemicycle.backup",
    "auditlog",
    "hemicycle.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hemicycle.server.web.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hemicycle.server.web.MeetingTimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hemicycle.audit.middleware.AuditActor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "hemicycle.urls"
ASGI_APPLICATION = "hemicycle.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in, the admin's too: after HEMICYCLE_SIGNIN_FAILURES failures from one address, or for one
# account, sign-in is refused (429) for HEMICYCLE_SIGNIN_COOLOFF_MINUTES. Invitation links and
# civil-society applications are limited per address (accounts/throttle.py).
AXES_FAILURE_LIMIT = int(os.environ.get("HEMICYCLE_SIGNIN_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HEMICYCLE_SIGNIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "hemicycle.accounts.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "hemicycle.accounts.throttle.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
HEMICYCLE_INVITATION_TRIES_PER_HOUR = int(
    os.environ.get("HEMICYCLE_INVITATION_TRIES_PER_HOUR", "20")
)
HEMICYCLE_APPLICATIONS_PER_HOUR = int(os.environ.get("HEMICYCLE_APPLICATIONS_PER_HOUR", "10"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The UN's six official languages; Arabic is written right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# The Ed25519 key that signs receipts and checkpoints, and the public keys published at
# /api/v1/keys (proceedings/signing.py): kept outside the database, readable by the server only.
HEMICYCLE_SIGNING_DIR = Path(
    os.environ.get("HEMICYCLE_SIGNING_DIR") or DATA_DIR / "signing"
).resolve()
# A published list carries a signed checkpoint of the log's head: a new one at most this often.
HEMICYCLE_CHECKPOINT_EVERY_S = int(os.environ.get("HEMICYCLE_CHECKPOINT_EVERY_S", "60"))

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # the pages' stylesheet, scripts and vendored HTMX
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The audit trail (hemicycle/audit): before and after as JSON; who acted, but not from which address.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the console's script reads it to send X-CSRFToken
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind TLS (docs/operations.md): cookies sent over HTTPS only, and browsers told to come back over
# HTTPS only (HSTS, on answers to HTTPS requests; uvicorn takes the scheme from nginx's
# X-Forwarded-Proto, trusted from 127.0.0.1 only).
HTTPS = _flag("HEMICYCLE_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _flag(
    "HEMICYCLE_SECURE_COOKIES", HTTPS
)
SECURE_HSTS_SECONDS = int(os.environ.get("HEMICYCLE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other sites of the domain are not ours to bind
EMAIL_BACKEND = os.environ.get(
    "HEMICYCLE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Uploaded documents' limit, and letters by e-mail into DATA_DIR/outbox by default
HEMICYCLE_MAX_UPLOAD_BYTES = int(os.environ.get("HEMICYCLE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
EMAIL_FILE_PATH = DATA_DIR / "outbox"
if "HEMICYCLE_EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("HEMICYCLE_FROM_EMAIL", "hemicycle@localhost")
# The address that e-mailed links point to, and the largest statement file accepted (PDF or DOCX).
# `hemicycle serve` warns when e-mail is on and this is not set (the default suits a laptop only).
HEMICYCLE_SITE_URL = os.environ.get("HEMICYCLE_SITE_URL", "http://127.0.0.1:8000")
# Bodies are read before the fast path and Django (server/bodies.py): so many at once in all, so
# many from one address (then 503, 429); a body that stops for this many seconds is refused (408).
HEMICYCLE_BODY_READS = int(os.environ.get("HEMICYCLE_BODY_READS", "256"))
HEMICYCLE_BODY_READS_PER_ADDRESS = int(os.environ.get("HEMICYCLE_BODY_READS_PER_ADDRESS", "16"))
HEMICYCLE_BODY_IDLE_S = float(os.environ.get("HEMICYCLE_BODY_IDLE_S", "10"))
# Live streams open at once from one address (a delegation's network may share one): then 429.
HEMICYCLE_LIVE_PER_ADDRESS = int(os.environ.get("HEMICYCLE_LIVE_PER_ADDRESS", "500"))
# The published list's PDF is rendered by at most this many threads at once (server/renderings.py).
HEMICYCLE_RENDERS = int(os.environ.get("HEMICYCLE_RENDERS", "2"))
# How many requests Django serves at once; the others wait their turn (server/admission.py).
HEMICYCLE_DJANGO_CONCURRENCY = int(os.environ.get("HEMICYCLE_DJANGO_CONCURRENCY", "8"))
HEMICYCLE_STATEMENT_MAX_BYTES = int(
    os.environ.get("HEMICYCLE_STATEMENT_MAX_BYTES", str(10 * 1024 * 1024))
)

# Under ASGI each request runs in a thread of its own, so a connection kept per thread
# (CONN_MAX_AGE) outlives its thread and a rush exhausts PostgreSQL's connections; a pool shares a
# few connections between the threads instead.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 2, "max_size": int(os.environ.get("HEMICYCLE_DATABASE_POOL", "20"))},
        # A commit returns once it is on the disk, whatever the server's default: a receipt
        # given is never lost (the same guarantee as SQLite's synchronous=FULL).
        "options": "-c synchronous_commit=on",
    }

# The two shortcuts of the hot paths, each with a plain way beside it that answers the same
# (docs/decisions/0003-fast-paths.md): requests to speak without Django's request path, and live
# frames written straight to uvicorn's connection.
HEMICYCLE_FAST_PATH = os.environ.get("HEMICYCLE_FAST_PATH", "1") != "0"
HEMICYCLE_DIRECT_WRITES = os.environ.get("HEMICYCLE_DIRECT_WRITES", "1") != "0"
