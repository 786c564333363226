"""Settings read from the environment, with embedded defaults that run on a laptop."""

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from throttling.limiter import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# Data of this instance: the SQLite database, static files, the development key, spooled errors.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(name: str, default: bool) -> bool:
    """A boolean variable, refused at start unless it is clearly true or false."""
    value = env.str(name, default=str(default)).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def _rate(name: str, default: str) -> str:
    """A DRF-style `N/period` rate (or `N/15m`), refused at start when malformed."""
    value = env.str(name, default=default)
    try:
        parse_rate(value)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"{name}: {error}") from error
    return value


DEBUG = _bool("DEBUG", default=False)

# Django's own `check --deploy` rule (security.W009): shorter or plainer keys are guessable.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5


def _development_secret_key(path: Path) -> str:
    """A random key made once for this checkout and kept in var/: never a constant from the
    repository, which anyone could use to sign tokens that every development instance accepts."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
            out.write(secrets.token_urlsafe(64))
        # A link never replaces a key that another process made meanwhile.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if not key and DEBUG:
        return _development_secret_key(VAR_DIR / "secret_key")
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG=false) refuses to start without it; "
            "set SECRET_KEY, or DEBUG=true for local development."
        )
    weak = (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_DISTINCT
        or key.startswith("django-insecure-")
    )
    if weak and not DEBUG:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production (DEBUG=false): it needs at least "
            f"{SECRET_KEY_MIN_LENGTH} characters, {SECRET_KEY_MIN_DISTINCT} of them distinct, "
            "and no 'django-insecure-' prefix. "
            "Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# HTTPS, switched on by the environment (see the README's production section). Behind a proxy
# that ends TLS, TRUST_X_FORWARDED_PROTO=true lets Django see the original scheme.
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", default=False)
# Load balancers and Prometheus probe these over plain HTTP on the inside.
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health(/ready)?/?$", r"^metrics/?$"]
SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = _bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", default=False)
if _bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    # Django's admin, as the support desk: its own site, login limits and the support group.
    "supportdesk.apps.SupportAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "errors",
    "accounts",
    "tokens",
    "idempotency",
    "deals",
    "ai",
    "throttling",
    "monitoring",
    "web",
    "django_filters",
]

MIDDLEWARE = [
    "monitoring.middleware.MonitoringMiddleware",
    "errors.middleware.RequestIdMiddleware",
    "errors.middleware.ErrorMiddleware",
    "throttling.middleware.RateLimitHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

# Routes accept both forms themselves; a redirect would drop a POST body.
APPEND_SLASH = False

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
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Parameters travel apart from the SQL, so psycopg can prepare repeated statements (the
    # ledger's hot path sends the same one for every deduction).
    DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent use, as `make run`'s threads make: readers never wait for the writer (WAL); a
    # writer takes the lock when its transaction begins (IMMEDIATE), so writers queue for up to
    # the busy timeout instead of failing on a lock upgrade; past it, 503 SYSTEM_DATABASE_BUSY.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.float("DATABASE_BUSY_TIMEOUT_SECONDS", default=10.0),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (also locks, rate limits and breaker state): Redis when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a broker when one is configured, otherwise tasks run in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"  # never used; a host keeps kombu from warning
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# An analysis spends nearly all its time waiting on the provider: a pool of threads keeps many
# calls in flight in one process (each thread has its own database connection), where prefork's
# one process per core would hold two. `celery -A config worker` reads both settings.
CELERY_WORKER_POOL = env.str("CELERY_WORKER_POOL", default="threads")
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=32)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # An unacknowledged message returns to the queue after this long; it must outlast every
    # task's hard time limit and every retry countdown, or a live task would run twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=600),
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "release-expired-token-holds": {"task": "tokens.release_expired_holds", "schedule": 60.0},
    "purge-expired-idempotency-records": {"task": "idempotency.purge_expired", "schedule": 3600.0},
    "requeue-stuck-analyses": {"task": "ai.requeue_stuck_analyses", "schedule": 60.0},
    "prune-error-events": {"task": "monitoring.prune_error_events", "schedule": 3600.0},
    "flush-error-spool": {"task": "monitoring.flush_error_spool", "schedule": 60.0},
    "prune-sign-in-sessions": {"task": "accounts.prune_sign_in_sessions", "schedule": 3600.0},
    "reconcile-ledger": {"task": "tokens.reconcile", "schedule": 3600.0},
    "prune-llm-attempts": {"task": "ai.prune_llm_attempts", "schedule": 3600.0},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.PasswordShapeValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Django refuses bodies over this (413) before reading them.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)

CSRF_FAILURE_VIEW = "errors.hooks.csrf_failure"
# Exceptions raised in middleware reach errors.middleware.ErrorMiddleware, which answers them in
# the envelope (or the plain page), instead of Django's handler500 or its debug page.
DEBUG_PROPAGATE_EXCEPTIONS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["errors.parsers.JSONObjectParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "errors.negotiation.ProblemAwareContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "config.pagination.Cursors",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "errors.openapi.ErrorDocumentingAutoSchema",
    "EXCEPTION_HANDLER": "errors.hooks.api_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_THROTTLE_CLASSES": [
        "throttling.throttles.AnonymousThrottle",
        "throttling.throttles.UserThrottle",
    ],
    # X-Forwarded-For is believed only behind this many trusted proxies; 0 means REMOTE_ADDR.
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# The pages' refresh-token cookie is Secure (HTTPS only) except in development.
SESSION_REFRESH_COOKIE_SECURE = env.bool("SESSION_REFRESH_COOKIE_SECURE", default=not DEBUG)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env.int("JWT_ACCESS_TTL_SECONDS", default=900)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_TTL_DAYS", default=7)),
    "UPDATE_LAST_LOGIN": False,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "SIGNING_KEY": SECRET_KEY,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Agentic Deals API",
    "DESCRIPTION": (
        "Save deals, have an AI analyse them, pay in tokens. Every error answers in one envelope "
        "`{status, code, message, details, request_id, timestamp}` (or RFC 9457 problem details "
        "for `Accept: application/problem+json`); the codes are listed at `GET /api/v1/errors`, "
        "and each operation names those it can send in `x-error-codes`. A method a path does not "
        "list answers 405 `HTTP_405` with the allowed ones in `Allow`."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "LICENSE": {"name": "Proprietary", "url": "https://deals.example.com/terms"},
    "SERVERS": [
        {
            "url": env.str("OPENAPI_SERVER_URL", default="http://127.0.0.1:8000"),
            "description": "API",
        }
    ],
    "TAGS": [
        {"name": "auth", "description": "Registration, tokens, sessions."},
        {"name": "deals", "description": "The deals a user saves."},
        {"name": "analyses", "description": "AI analyses of deals, paid in tokens."},
        {"name": "tokens", "description": "The balance and its ledger."},
        {"name": "errors", "description": "The error catalogue."},
        {"name": "health", "description": "Liveness and readiness."},
        {"name": "client-errors", "description": "Failures the web pages report."},
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AnalysisStatusEnum": "ai.models.AnalysisStatus",
        "HoldStatusEnum": "tokens.models.HoldStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.finish",
    ],
}

# Business settings of the contract.
SIGNUP_BONUS_TOKENS = env.int("SIGNUP_BONUS_TOKENS", default=100)
AI_ANALYSIS_COST = env.int("AI_ANALYSIS_COST", default=5)

RATE_LIMIT_ENABLED = _bool("RATE_LIMIT_ENABLED", default=True)
RATE_LIMITS = {
    "anon": _rate("RATE_LIMIT_ANON", "120/minute"),
    "user": _rate("RATE_LIMIT_USER", "600/minute"),
    "login": _rate("RATE_LIMIT_LOGIN", "10/15m"),
    "login_ip": _rate("RATE_LIMIT_LOGIN_IP", "50/15m"),
    "register": _rate("RATE_LIMIT_REGISTER", "20/hour"),
    "deduct": _rate("RATE_LIMIT_DEDUCT", "60/minute"),
    "analysis": _rate("RATE_LIMIT_ANALYSIS", "20/minute"),
    "client_errors": _rate("RATE_LIMIT_CLIENT_ERRORS", "10/minute"),
}

# AI providers: any OpenAI-compatible chat-completions API. Without a primary, the built-in
# rules provider answers.
AI_PRIMARY_BASE_URL = env.str("AI_PRIMARY_BASE_URL", default="")
AI_PRIMARY_API_KEY = env.str("AI_PRIMARY_API_KEY", default="")
AI_PRIMARY_MODEL = env.str("AI_PRIMARY_MODEL", default="")
AI_FALLBACK_BASE_URL = env.str("AI_FALLBACK_BASE_URL", default="")
AI_FALLBACK_API_KEY = env.str("AI_FALLBACK_API_KEY", default="")
AI_FALLBACK_MODEL = env.str("AI_FALLBACK_MODEL", default="")
AI_RULES_FALLBACK = _bool("AI_RULES_FALLBACK", default=True)
AI_DEADLINE_SECONDS = env.float("AI_DEADLINE_SECONDS", default=30.0)
AI_ATTEMPT_TIMEOUT_SECONDS = env.float("AI_ATTEMPT_TIMEOUT_SECONDS", default=10.0)
AI_MAX_ATTEMPTS = env.int("AI_MAX_ATTEMPTS", default=3)
AI_MAX_REASKS = env.int("AI_MAX_REASKS", default=1)
AI_BACKOFF_BASE_SECONDS = env.float("AI_BACKOFF_BASE_SECONDS", default=0.5)
AI_BACKOFF_MAX_SECONDS = env.float("AI_BACKOFF_MAX_SECONDS", default=8.0)
AI_BREAKER_THRESHOLD = env.int("AI_BREAKER_THRESHOLD", default=5)
AI_BREAKER_RESET_SECONDS = env.float("AI_BREAKER_RESET_SECONDS", default=30.0)
AI_HOLD_TTL_SECONDS = env.int("AI_HOLD_TTL_SECONDS", default=1800)
AI_TASK_SOFT_TIME_LIMIT = env.int("AI_TASK_SOFT_TIME_LIMIT", default=90)
AI_TASK_TIME_LIMIT = env.int("AI_TASK_TIME_LIMIT", default=120)
AI_TASK_MAX_RETRIES = env.int("AI_TASK_MAX_RETRIES", default=2)
AI_TASK_RETRY_DELAY_SECONDS = env.int("AI_TASK_RETRY_DELAY_SECONDS", default=30)
# Runs of one analysis (retries and reclaimed dead runs together) before it fails for good.
AI_MAX_RUNS = env.int("AI_MAX_RUNS", default=AI_TASK_MAX_RETRIES + 3)
if not AI_DEADLINE_SECONDS < AI_TASK_SOFT_TIME_LIMIT < AI_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "AI_DEADLINE_SECONDS < AI_TASK_SOFT_TIME_LIMIT < AI_TASK_TIME_LIMIT must hold"
    )
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= AI_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT_SECONDS must be above AI_TASK_TIME_LIMIT, or a running "
        "analysis would be delivered again"
    )

SENTRY_DSN = env.str("SENTRY_DSN", default="")
SLACK_WEBHOOK_URL = env.str("SLACK_WEBHOOK_URL", default="")
ALERT_5XX_PER_MINUTE = env.int("ALERT_5XX_PER_MINUTE", default=10)
ALERT_DEDUP_SECONDS = env.int("ALERT_DEDUP_SECONDS", default=300)
ERROR_EVENT_RETENTION_DAYS = env.int("ERROR_EVENT_RETENTION_DAYS", default=30)
LLM_ATTEMPT_RETENTION_DAYS = env.int("LLM_ATTEMPT_RETENTION_DAYS", default=90)
# Admin change lists of the tables that only grow count this many rows at most.
ADMIN_COUNT_CAP = env.int("ADMIN_COUNT_CAP", default=10_000)
# Where errors answered while the database was down wait when Redis is down too, and how often
# the process that kept them tries to write them out (0: only the periodic task does).
ERROR_SPOOL_DIR = env.str("ERROR_SPOOL_DIR", default=str(VAR_DIR / "error-spool"))
ERROR_SPOOL_RETRY_SECONDS = env.float("ERROR_SPOOL_RETRY_SECONDS", default=5.0)
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])

if SENTRY_DSN:
    from monitoring.sentry import init_sentry

    init_sentry(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

# Logging: one JSON object a line on stdout, request context on every record, secrets redacted.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "errors.logging.JsonLineFormatter"}},
    "filters": {"request_context": {"()": "errors.context.RequestContextFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context"],
            "stream": "ext://sys.stdout",
        },
        "alerts": {"()": "monitoring.alerts.SlackAlertHandler", "filters": ["request_context"]},
    },
    "root": {"handlers": ["stdout", "alerts"], "level": LOG_LEVEL},
    "loggers": {
        # The request middleware writes one line per request itself, with the error code.
        "django.request": {"level": "CRITICAL"},
        "django.server": {"level": "ERROR"},
        # The HTTP client logs every request with its URL: a provider's address is not for logs.
        "httpx2": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "openai": {"level": "WARNING"},
    },
}
