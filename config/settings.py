"""Settings of the portal, all read from the environment (or a `.env` file beside manage.py).

Every variable is documented in `.env.example`. Development defaults are chosen so that `make run`
and `make test` need nothing; production must set `SECRET_KEY`, `ALLOWED_HOSTS` and `DATABASE_URL`.
"""

import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-development-key-DEBUG-only"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_htmx",
    "procrastinate.contrib.django",
    "common",
    "imports",
    "exports",
    "grids",
    "residents",
    "services",
    "callqueue",
    "partybuilding",
    "deliberation",
    "cobuilding",
    "volunteering",
    "readiness",
    "honours",
    "dashboards",
    "open311",
    "portal",
    "demo",
    "devtools",
]

MIDDLEWARE = [
    # First, so that every log line written while a request is handled names its client.
    "common.clientaddress.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.sessions.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.sessions.LoginRequiredMiddleware",
    # No-store on every signed-in answer; refusals on a record's address in the security log.
    "common.security.PrivateAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Change history (django-pghistory): every change made during a request is tagged with its user.
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.replicas.ReplicaMiddleware",  # after the others: it decides for the view that will answer
    # django-axes must come last: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL when set; otherwise the embedded PostgreSQL of the pgserver package,
# started on first use with its data under var/ (see config/db/).
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "config.db",
            "NAME": env.str("EMBEDDED_DB_NAME", default="portal"),
            "PGDATA": env.path("EMBEDDED_DB_DIR", default=BASE_DIR / "var" / "pgdata"),
        }
    }
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# Choice lists of forms are read with .iterator(): without server-side cursors that is one round trip
# instead of DECLARE, FETCH and CLOSE. Nothing in the portal streams rows, and transaction-pooling
# connection poolers (PgBouncer) need this anyway.
DATABASES["default"].setdefault("DISABLE_SERVER_SIDE_CURSORS", True)

# Timeouts, in seconds (0: none). A web request's statement is cancelled after DB_STATEMENT_TIMEOUT and
# a wait for a lock after DB_LOCK_TIMEOUT, so that one slow query or a held lock gives its user a
# "please retry" page quickly instead of tying up a web worker; management commands and the task
# worker (manage.py sets PORTAL_PROCESS=command) get the longer DB_COMMAND_* values. A transaction
# left idle is ended after the idle-in-transaction timeout, releasing its locks.
if env.str("PORTAL_PROCESS", default="web") == "command":
    DATABASE_TIMEOUTS = {
        "statement_timeout": env.float("DB_COMMAND_STATEMENT_TIMEOUT", default=3600),
        "lock_timeout": env.float("DB_COMMAND_LOCK_TIMEOUT", default=60),
        "idle_in_transaction_session_timeout": env.float("DB_COMMAND_IDLE_IN_TRANSACTION_TIMEOUT", default=600),
    }
else:
    DATABASE_TIMEOUTS = {
        "statement_timeout": env.float("DB_STATEMENT_TIMEOUT", default=5),
        "lock_timeout": env.float("DB_LOCK_TIMEOUT", default=3),
        "idle_in_transaction_session_timeout": env.float("DB_IDLE_IN_TRANSACTION_TIMEOUT", default=60),
    }
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = " ".join(
    [_options.get("options", "")]
    + [f"-c {name}={round(seconds * 1000)}" for name, seconds in DATABASE_TIMEOUTS.items()]
).strip()
# Streaming replicas (read-only standbys) for the pages that only read: common/replicas.py, docs/scaling.md.
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica{_number}"] = {
        **env.db_url_config(_url),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": True,
        "OPTIONS": {"options": _options["options"], "connect_timeout": 2},
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["common.replicas.ReplicaRouter"]
REPLICA_MAX_LAG = env.float("REPLICA_MAX_LAG", default=30)  # seconds behind the primary, at most
REPLICA_CHECK_INTERVAL = env.float("REPLICA_CHECK_INTERVAL", default=5)
REPLICA_READ_YOUR_WRITES = env.int("REPLICA_READ_YOUR_WRITES", default=60)  # a writer's reads stay on the primary
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "common.auth.PermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "portal.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The client's address (common/clientaddress.py) keys the rate limits, the log-in lockouts and the log
# lines. X-Forwarded-For is believed only from the proxies in TRUSTED_PROXIES (addresses or networks);
# by default there are none, and the client is the address that connected.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "common.clientaddress.client_address"

# Sessions end after SESSION_IDLE_MINUTES without a request: common.sessions renews a session in use,
# writing it at most once every SESSION_RENEW_SECONDS.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS: on by default in production (DEBUG off); a deployment behind a TLS-terminating proxy
# sets SECURE_PROXY_SSL_HEADER via USE_X_FORWARDED_PROTO.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: only this origin, and no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # one date format per language
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
# Production serves collected, hashed and compressed files (run `manage.py collectstatic`);
# development and tests serve the files straight from static/.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Without collected files (development, tests) WhiteNoise serves through the finders instead.
warnings.filterwarnings("ignore", message="No directory at")
# Files the portal writes (built exports, photos of requests): under var/media by default, never
# served as static files; the download views hand each to those who may have it. Web and task worker
# share it. With MEDIA_S3_BUCKET set they go to an S3-compatible object store instead (django-storages,
# `pip install '.[s3]'`; docs/deploy.md), private, read through the same views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=None),
            "region_name": env("MEDIA_S3_REGION", default=None),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
    if MEDIA_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Photos of requests: what an upload may be (services/attachments.py). Each is re-encoded as a JPEG
# of at most ATTACHMENT_MAX_SIDE pixels a side, without its metadata (location, camera).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_SIDE = env.int("ATTACHMENT_MAX_SIDE", default=1600)
ATTACHMENTS_PER_REQUEST = env.int("ATTACHMENTS_PER_REQUEST", default=9)
# 接诉即办 ranking (dashboards/ranking.py): the weight of each of the three rates, and the points taken
# off per day that an open request is overdue, up to a cap.
HOTLINE_RANKING = {
    "weights": {"response_rate": 0.10, "resolution_rate": 0.45, "satisfaction_rate": 0.45},
    "overdue_day_points": 0.1,
    "cap": 20,
}
# A "dissatisfied" callback sends a request back for re-handling (重办) this many times at most.
REHANDLE_LIMIT = env.int("REHANDLE_LIMIT", default=1)

# Background work runs in the task worker (Procrastinate, on the same PostgreSQL database):
# `manage.py procrastinate worker`, started by `make run` and in production by its own service
# (docs/deploy.md). Its heartbeat, every 10 s, is older than TASK_WORKER_STALE_SECONDS when it is
# not running; the dashboards and /readyz say so.
TASK_WORKER_STALE_SECONDS = env.int("TASK_WORKER_STALE_SECONDS", default=60)
# /readyz answers 503 while no worker runs. Off: a web server that runs without one.
READY_NEEDS_WORKER = env.bool("READY_NEEDS_WORKER", default=True)
# Without a worker the dashboards refresh their figures in a background thread of the web process;
# False: in the request itself (tests).
ROLLUP_REFRESH_IN_BACKGROUND = True

# Backups (`manage.py backup`, README "Backup and restore"): their folder, how many are kept, and where
# pg_dump and pg_restore are when pgserver's are not to be used.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "var" / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")

# Imports of Excel registers (imports/): files larger or longer than this are refused before they
# are read; those of more than IMPORT_INLINE_ROWS rows are checked and imported by the task worker.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_MB", default=10) * 1_000_000
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_INLINE_ROWS = env.int("IMPORT_INLINE_ROWS", default=300)
IMPORT_CHANGES_SHOWN = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES

# Exports of lists (exports/): those of more rows than this are built by the task worker.
EXPORT_INLINE_ROWS = env.int("EXPORT_INLINE_ROWS", default=5000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(client_address)s] %(message)s"}},
    "filters": {
        "client_address": {"()": "common.clientaddress.ClientAddressFilter"},
        # ID numbers and phone numbers are masked in every record (residents/logmasking.py).
        "personal_data": {"()": "residents.logmasking.PersonalDataFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_address", "personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Procrastinate lists every task and schedule it learns at start-up; the worker's own log stays.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}
