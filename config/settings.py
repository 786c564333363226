"""Settings read from the environment, with embedded defaults that run on a laptop. Rules about
values (rates, deadlines) are the apps' system checks: settings import no app code."""

from datetime import timedelta
from pathlib import Path

from config.environment import boolean, choice, env, integer, number, secret_key
from config.logs import logging_config
from config.openapi import openapi_settings

BASE_DIR = Path(__file__).resolve().parent.parent

# Data of this instance: the SQLite database, static files, the development key.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = boolean("DEBUG", default=False)
SECRET_KEY = secret_key(env.str("SECRET_KEY", default=""), debug=DEBUG, var_dir=VAR_DIR)
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])  # older keys, still read
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
PUBLIC_URL = env.str("PUBLIC_URL", default="").rstrip("/")
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL] if PUBLIC_URL else []

# HTTPS, switched on by the environment (the README's production section).
SECURE_SSL_REDIRECT = boolean("SECURE_SSL_REDIRECT", default=False)
# Load balancers and Prometheus probe these over plain HTTP on the inside.
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health(/ready)?/?$", r"^metrics/?$"]
SESSION_COOKIE_SECURE = boolean("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = boolean("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = integer("SECURE_HSTS_SECONDS", 0, 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = boolean("SECURE_HSTS_PRELOAD", default=False)
if boolean("TRUST_X_FORWARDED_PROTO", default=False):
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
    *("rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "django_filters"),
    # The project's apps, from the bottom layer up (docs/design.md, "Layers").
    *("observability", "monitoring", "throttling", "idempotency", "webhooks"),
    *("accounts", "tokens", "deals", "ai", "web"),
]

MIDDLEWARE = [
    "observability.middleware.RequestIdMiddleware",
    "monitoring.middleware.MonitoringMiddleware",
    "webhooks.notices.DisabledEndpointsMiddleware",
    "errors.hooks.ErrorMiddleware",
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
APPEND_SLASH = False  # routes accept both forms themselves; a redirect would drop a POST body
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
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters apart from the SQL; a pool per process; a web request waits this long, then 503.
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": 3,
        "server_side_binding": True,
        "pool": {
            "min_size": 1,
            "max_size": integer("DATABASE_POOL_MAX_SIZE", 20, 1),
            "timeout": number("DATABASE_POOL_TIMEOUT_SECONDS", 3.0, 0.1),
            "reconnect_timeout": 2,  # then the next query connects at once, not in minutes
        },
        **DATABASES["default"].get("OPTIONS", {}),
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s threads: readers never wait for the writer (WAL); writers queue at BEGIN
    # (IMMEDIATE) for up to the busy timeout, then answer 503 SYSTEM_DATABASE_BUSY.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=number("DATABASE_BUSY_TIMEOUT_SECONDS", 10.0, 0),
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, rate limits, breaker state, errors kept while the database is down: Redis if REDIS_URL.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }

# Celery: a broker when one is configured, otherwise tasks run in-process after their commit.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"  # a host keeps kombu quiet
# Threads: an analysis mostly waits on its provider (ai.analyser). Their pool wait: config.celery.
CELERY_WORKER_POOL = choice("CELERY_WORKER_POOL", "threads", ("threads", "prefork", "solo"))
CELERY_WORKER_CONCURRENCY = integer("CELERY_WORKER_CONCURRENCY", 500, 1)
WORKER_DATABASE_POOL_TIMEOUT_SECONDS = number("WORKER_DATABASE_POOL_TIMEOUT_SECONDS", 30.0, 0.1)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **{"socket_connect_timeout": 2, "socket_timeout": 5, "unacked_restore_throttle": 1},
    "max_connections": CELERY_WORKER_CONCURRENCY + 10,  # one a thread to ack; kombu's 10: too few
    # An unacked message is queued again this long after (ai.checks), found by a scan every 10 s
    # (the throttle of 1; kombu's default of 10 scans every 100 s).
    "visibility_timeout": integer("CELERY_VISIBILITY_TIMEOUT_SECONDS", 600, 1),
}
_similarity = "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _similarity, "OPTIONS": {"user_attributes": ("email", "name")}},
    {"NAME": "accounts.passwords.PasswordShapeValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

TIME_ZONE = "UTC"  # with USE_TZ, Django's default

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
DATA_UPLOAD_MAX_MEMORY_SIZE = integer("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024, 1024)
CSRF_FAILURE_VIEW = "errors.hooks.csrf_failure"
DEBUG_PROPAGATE_EXCEPTIONS = True  # middleware's exceptions reach errors.hooks.ErrorMiddleware

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONObjectParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.ProblemAwareContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursors",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "api.schema.ErrorDocumentingAutoSchema",
    "EXCEPTION_HANDLER": "errors.hooks.api_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_THROTTLE_CLASSES": [
        "throttling.throttles.AnonymousThrottle",
        "throttling.throttles.UserThrottle",
    ],
    # X-Forwarded-For is believed only behind this many trusted proxies; 0 means REMOTE_ADDR.
    "NUM_PROXIES": integer("TRUSTED_PROXY_COUNT", 0, 0),
}
# The pages' refresh-token cookie is Secure (HTTPS only) except in development.
SESSION_REFRESH_COOKIE_SECURE = boolean("SESSION_REFRESH_COOKIE_SECURE", default=not DEBUG)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=integer("JWT_ACCESS_TTL_SECONDS", 900, 1)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=integer("JWT_REFRESH_TTL_DAYS", 7, 1)),
    "UPDATE_LAST_LOGIN": False,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "SIGNING_KEY": SECRET_KEY,
}
# The document's server: where users reach the API (PUBLIC_URL), else `make run`'s address.
_SERVER = PUBLIC_URL or f"http://127.0.0.1:{integer('PORT', 8000, 1, 65535)}"
SPECTACULAR_SETTINGS = openapi_settings(server_url=env.str("OPENAPI_SERVER_URL", default=_SERVER))

SIGNUP_BONUS_TOKENS = integer("SIGNUP_BONUS_TOKENS", 100, 0)
AI_ANALYSIS_COST = integer("AI_ANALYSIS_COST", 5, 1)
ADMIN_GRANT_CAP_TOKENS = integer("ADMIN_GRANT_CAP_TOKENS", 10_000, 0)
# Where the pages send users for more tokens or help (web.checks: an email address).
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="").strip() or "support@example.com"

# Limits in DRF's `N/period` form, or `N/15m` (throttling's system check refuses others).
RATE_LIMIT_ENABLED = boolean("RATE_LIMIT_ENABLED", default=True)
RATE_LIMITS = {
    scope: env.str(f"RATE_LIMIT_{scope.upper()}", default=default)
    for scope, default in {
        **{"anon": "120/minute", "user": "600/minute", "register": "20/hour"},
        **{"login": "10/15m", "login_account": "20/15m", "login_ip": "50/15m"},
        **{"deduct": "60/minute", "analysis": "20/minute", "client_errors": "10/minute"},
        "webhook_send": "20/minute",
    }.items()
}

# AI providers: any OpenAI-compatible chat-completions API; without one, the rules provider.
AI_PRIMARY_BASE_URL = env.str("AI_PRIMARY_BASE_URL", default="")
AI_PRIMARY_API_KEY = env.str("AI_PRIMARY_API_KEY", default="")
AI_PRIMARY_MODEL = env.str("AI_PRIMARY_MODEL", default="")
AI_FALLBACK_BASE_URL = env.str("AI_FALLBACK_BASE_URL", default="")
AI_FALLBACK_API_KEY = env.str("AI_FALLBACK_API_KEY", default="")
AI_FALLBACK_MODEL = env.str("AI_FALLBACK_MODEL", default="")
AI_RULES_FALLBACK = boolean("AI_RULES_FALLBACK", default=True)
# One deadline for an analysis's provider calls, which the chain enforces itself (ai.chain).
AI_DEADLINE_SECONDS = number("AI_DEADLINE_SECONDS", 60.0, 0.1)
AI_ATTEMPT_TIMEOUT_SECONDS = number("AI_ATTEMPT_TIMEOUT_SECONDS", 30.0, 0.1)
AI_MAX_ATTEMPTS = integer("AI_MAX_ATTEMPTS", 3, 1)
AI_MAX_REASKS = integer("AI_MAX_REASKS", 1, 0)
AI_BACKOFF_BASE_SECONDS = number("AI_BACKOFF_BASE_SECONDS", 0.5, 0)
AI_BACKOFF_MAX_SECONDS = number("AI_BACKOFF_MAX_SECONDS", 8.0, 0)
AI_BREAKER_THRESHOLD = integer("AI_BREAKER_THRESHOLD", 5, 1)
AI_BREAKER_RESET_SECONDS = number("AI_BREAKER_RESET_SECONDS", 30.0, 0)
# The sweep re-queues analyses stuck this long; one fails for good after AI_MAX_RUNS (ai.runs).
AI_REQUEUE_AFTER_SECONDS = integer("AI_REQUEUE_AFTER_SECONDS", 120, 1)
AI_MAX_RUNS = integer("AI_MAX_RUNS", 3, 1)

SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
# Alertmanager posts to Slack; the app knows the URL only to redact it (logs, Sentry).
SLACK_WEBHOOK_URL = env.str("SLACK_WEBHOOK_URL", default="")
ERROR_EVENT_RETENTION_DAYS = integer("ERROR_EVENT_RETENTION_DAYS", 30, 1)
LLM_ATTEMPT_RETENTION_DAYS = integer("LLM_ATTEMPT_RETENTION_DAYS", 90, 1)
# Admin change lists of the tables that only grow count this many rows at most.
ADMIN_COUNT_CAP = integer("ADMIN_COUNT_CAP", 10_000, 1)
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
# Webhooks (webhooks/): https only and public addresses only, unless switched for development.
WEBHOOKS_ALLOW_HTTP = boolean("WEBHOOKS_ALLOW_HTTP", default=DEBUG)
WEBHOOKS_ALLOW_PRIVATE = boolean("WEBHOOKS_ALLOW_PRIVATE", default=False)
WEBHOOKS_BALANCE_LOW_THRESHOLD = integer("WEBHOOKS_BALANCE_LOW_THRESHOLD", 10, 0)

# Logging: one JSON object a line on stdout, request context on every record, secrets redacted.
LOGGING = logging_config(
    level=choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
)
