"""Salvo settings: one module, every deployment knob read from the environment.

Defaults make a safe local demo: SQLite under ./data, DEBUG off unless SALVO_DEBUG or
the local-demo mode asks for it. Production sets SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true/false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The local demo (README's run command) is explicit: it turns on DEBUG and a throwaway key.
LOCAL_DEMO = envbool("SALVO_LOCAL_DEMO", False)
DEBUG = envbool("SALVO_DEBUG", LOCAL_DEMO)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or "pytest" in sys.modules):
        raise ImproperlyConfigured("Set SECRET_KEY (or SALVO_LOCAL_DEMO=1 for a local demo).")
    SECRET_KEY = "insecure-local-demo-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Web pages on these origins may read the public API (GET/HEAD, never with credentials;
# writes are never cross-origin): "*" for everyone, or a comma-separated list of origins.
SALVO_CORS_ORIGINS = envlist("SALVO_CORS_ORIGINS", "*")

# Server errors are mailed to ADMINS (SALVO_ADMINS: addresses, comma-separated)
# through EMAIL_HOST; unset, they are only logged.
ADMINS = [(address, address) for address in envlist("SALVO_ADMINS", "")]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "root@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)

# Sign-in (admin and editor login forms, API token): failed attempts allowed per account and
# per client address within the window before a 429 with Retry-After (config/signin.py).
SIGNIN_MAX_FAILURES_PER_ACCOUNT = envint("SALVO_SIGNIN_FAILURES_PER_ACCOUNT", 5)
SIGNIN_MAX_FAILURES_PER_ADDRESS = envint("SALVO_SIGNIN_FAILURES_PER_ADDRESS", 20)
SIGNIN_WINDOW_SECONDS = envint("SALVO_SIGNIN_WINDOW_SECONDS", 900)

INSTALLED_APPS = [
    "config.apps.SalvoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # Only templates and static files are used: leaflet.admin imports GeoDjango (GDAL),
    # which Salvo does not need, so nothing imports it.
    "leaflet",
    "incidents",
    "sources",
    "api",
    "dashboard",
    "feeds",
    "editor",
    "assistant",
    "imports",
    "fetching",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "config.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.ApiEdgeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.DigitsMiddleware",
    "config.middleware.CommonMiddleware",
    "config.signin.SignInLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.StripNulFromFormsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.salvo",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATA_DIR = Path(os.environ.get("SALVO_DATA_DIR", BASE_DIR / "data"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'salvo.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite cannot create its folder; doing it here saves a new user a confusing error.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the dashboard read while an editor writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Connections persist (DB_CONN_MAX_AGE) on SQLite too: a fresh one re-reads the schema
    # and starts with an empty page cache, a third of a small API request's time.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages pinned in package-lock.json and installed by `./dev setup` (npm ci).
# Absent (no npm), the map simply has no country outlines.
NODE_MODULES_DIR = BASE_DIR / "node_modules"
FRONTEND_PACKAGES = {
    "vendor/world-atlas": NODE_MODULES_DIR / "world-atlas",
    "vendor/topojson-client": NODE_MODULES_DIR / "topojson-client" / "src",
}
STATICFILES_DIRS += [(prefix, path) for prefix, path in FRONTEND_PACKAGES.items() if path.is_dir()]
MAP_OUTLINES = (NODE_MODULES_DIR / "world-atlas" / "countries-50m.json").is_file()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

# History's "why" column holds review comments and reasons of any length the forms allow
# (varchar(100) turned a 150-character retraction reason into a 500 on PostgreSQL).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# The admin's "revert to this version" would skip the version check and the review rules;
# editors revert from the workspace's history page (incidents.services.incident_revert).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Security: strict by default, relaxed only for the plain-HTTP local demo.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preload commits the whole domain (and its subdomains) to HTTPS-only in browsers for months:
# a decision for the domain's owner, so opt-in.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "preload not set": deliberate, see above
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes over plain HTTP from inside the network: answer, do not redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# How many reverse proxies you run in front of Salvo. 0: clients connect directly, so
# REMOTE_ADDR is the client and X-Forwarded-* headers are the client's own (untrusted) words.
# N: the Nth address from the right of X-Forwarded-For is the client (throttles, sign-in
# limits), and X-Forwarded-Proto from the proxy says whether the request came over HTTPS.
TRUSTED_PROXIES = envint("SALVO_TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("SALVO_TRUSTED_PROXIES must be 0 or more.")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Browsers may not use these features on Salvo's pages (config/middleware.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Map tiles: an online tile server by default; SALVO_TILE_URL="" gives a plain base layer
# so the dashboard works offline.
SALVO_TILE_URL = os.environ.get("SALVO_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
SALVO_TILE_ATTRIBUTION = os.environ.get(
    "SALVO_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors"
)
# Where the five seed articles' full texts are read from by load_demo (not committed: the
# texts are not ours). Absent, the demo keeps their metadata, hashes and short quotes.
# Fetch by URL (fetching/): per-connection timeout in seconds (the whole fetch gets twice
# that), the largest page kept, and how many redirects are followed. SALVO_FETCH_ALLOW lists
# (address, port) pairs exempt from the public-address rule: only the tests set it.
SALVO_FETCH_TIMEOUT = float(os.environ.get("SALVO_FETCH_TIMEOUT", "10"))
SALVO_FETCH_MAX_BYTES = envint("SALVO_FETCH_MAX_BYTES", 5 * 1024 * 1024)
SALVO_FETCH_MAX_REDIRECTS = envint("SALVO_FETCH_MAX_REDIRECTS", 5)
SALVO_FETCH_ALLOW: list = []

SALVO_SEEDS_DIR = Path(os.environ.get("SALVO_SEEDS_DIR", BASE_DIR.parent / "shared" / "seeds"))

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (33.3, 42.5),
    "DEFAULT_ZOOM": 5,
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    "TILES": [],
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its 401 (with WWW-Authenticate) is what a refused API client gets.
        "api.authentication.TokenOrBearerAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.StrictJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("SALVO_ANON_RATE", "600/minute"),
        "user": os.environ.get("SALVO_USER_RATE", "3000/minute"),
        # Whole-catalogue GeoJSON/CSV downloads (api/throttling.py), per client.
        "export": os.environ.get("SALVO_EXPORT_RATE", "30/hour"),
    },
    # The client address for throttles: REMOTE_ADDR, or the Nth address from the right of
    # X-Forwarded-For behind N proxies you run. Never the header's leftmost (client-set) value.
    "NUM_PROXIES": TRUSTED_PROXIES,
    "EXCEPTION_HANDLER": "api.problems.handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Salvo API",
    "DESCRIPTION": "News-reported drone and rocket attacks on military bases.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Article, quote and outlet languages are one choice set: name it once in the schema.
    # One name per choice set, wherever it appears (and not a hash suffix on collisions).
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "sources.models.LANGUAGES",
        "StatusEnum": "incidents.models.Incident.Status",
        "WeaponEnum": "incidents.models.Weapon",
        "DatePrecisionEnum": "incidents.models.DatePrecision",
        "LocationPrecisionEnum": "incidents.models.LocationPrecision",
        "PlaceKindEnum": "incidents.models.Place.Kind",
        "ActorKindEnum": "incidents.models.Actor.Kind",
        "OutletKindEnum": "sources.models.Outlet.Kind",
        "ReliabilityEnum": "sources.models.Reliability",
        "CredibilityEnum": "sources.models.Credibility",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SALVO_LOG_LEVEL", "WARNING")},
    # Server errors (500s) reach ADMINS by mail when SALVO_ADMINS is set.
    "loggers": {
        # One JSON line per request (config.middleware.RequestIdMiddleware). On by default in
        # production; off under DEBUG, where runserver already prints each request.
        # SALVO_REQUEST_LOG=INFO or WARNING turns it on or off explicitly.
        "salvo.requests": {
            "handlers": ["console"],
            "level": os.environ.get("SALVO_REQUEST_LOG", "WARNING" if DEBUG else "INFO"),
            "propagate": False,
        },
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}
