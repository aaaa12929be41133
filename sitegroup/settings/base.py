"""Settings shared by every environment. Environment variables configure deployments.

Split after bakerydemo: base (this file), dev, test, production. Values come through
django-environ's typed helpers; every variable and its default is listed in README.md.
"""
from pathlib import Path

import dj_database_url
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
env = environ.Env()


def env_list(name, default=""):
    """A comma-separated variable as a list, items stripped, empty items dropped."""
    return [item for item in env.list(name, cast=str.strip, default=default.split(",")) if item]


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

# --- Tenancy -------------------------------------------------------------------------
# The public schema holds the site registry and platform-wide tables; every site gets
# a schema holding a complete Wagtail. Why each app sits where it does:
# docs/architecture.md.
SHARED_APPS = [
    # tenants before django_tenants: its migrate commands wrap django-tenants' ones.
    "tenants",
    "django_tenants",
    "sitegroup",
    "themes.registry",
    "search",
    "accessibility.reports",
    "django.contrib.postgres",
    # Staff directory, grants, hand-off, audit log; content-safety findings (public schema).
    "sitegroup.identity",
    "sitegroup.safety",
    # Site health against the national spot checks, visit statistics, the annual report.
    "sitegroup.health",
    # The platform console: apps register their sections in a `console` module.
    "sitegroup.console",
    # Pushes, submissions and feed entries of every site: the only way content crosses schemas.
    "syndication.exchange",
    # The per-site page cache (no tables): purged on publish, read before any schema is chosen.
    "sitegroup.pagecache",
    # Public interaction's platform half: letters moving between sites, working-day corrections.
    "interaction.shared",
    # The background task queue (used when SITEGROUP_TASKS=database): one table for every site.
    "django_tasks_db",
    # Scheduled jobs (apps register them in a `scheduled_jobs` module) and their run history.
    "sitegroup.scheduling",
    # Sessions exist on both sides so the platform host can hold sessions of its own.
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

TENANT_APPS = [
    # auth and contenttypes live beside the pages: permissions and Wagtail's group
    # page permissions point at content-type ids, which must be those of the schema.
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "themes",
    # Before wagtail.admin: its templates name the site on admin pages; its catalogue fills gaps in
    # Wagtail's Chinese (sitegroup/siteadmin).
    "sitegroup.siteadmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    # /sitemap.xml of each site (themes.sitemaps); Django's app provides the XML template.
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    # After wagtail.admin: in ready() it gives every page type's form the publish checks.
    "sitegroup.publishing",
    "accessibility",
    # 先审后发: the review workflow's task types (Wagtail's workflow tables are per site).
    "sitegroup.review",
    # Legacy site import: what each run saw and made (sitegroup/legacy_import).
    "sitegroup.legacy_import",
    # Live references, where received pages came from, each site's standing rule and feed choices.
    "syndication",
    # 政民互动: leader mailbox, requests for government information, consultations (per site).
    "interaction",
    "modelcluster",
    "taggit",
    "django_filters",
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "sitegroup.urls_public"
ROOT_URLCONF = "sitegroup.urls"
# New sites are cloned from this schema instead of replaying every migration.
TENANT_BASE_SCHEMA = "sitegroup_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Issue `SET search_path` only when the schema changes, not before every query (it halved
# the statements per page). django-tenants 4 forgets the path on rollback, savepoint
# rollback and reconnect, so a rolled-back SET is re-issued rather than trusted.
TENANT_LIMIT_SET_CALLS = True
# Processes `manage.py migrate --executor=multiprocessing` migrates sites with (tenants.migrating).
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.int("SITEGROUP_MIGRATE_PROCESSES", default=2)

# Hosts that show the platform itself (site directory, later the console) instead of a site.
SITEGROUP_PLATFORM_HOSTS = env_list("SITEGROUP_PLATFORM_HOSTS", "localhost,127.0.0.1,platform.localhost")
# Suffix for generated domains: a site with slug "donghu" answers on donghu.<suffix>.
SITEGROUP_SITE_DOMAIN_SUFFIX = env.str("SITEGROUP_SITE_DOMAIN_SUFFIX", default="localhost")
# URL prefixes that still answer while a site is suspended (staff keep working).
SITEGROUP_SUSPENDED_ALLOWED_PREFIXES = ["/admin/", "/static/"]
# Builds a new site's home page and standard columns (tenants knows no page types).
SITEGROUP_SITE_SKELETON_BUILDER = "themes.skeleton.build_site_skeleton"

# Move-up (tenants.moveup): the page type a township home page becomes when its own type
# cannot be placed in the chosen section, how long a move can be rolled back, and where
# copied files wait until the move commits (default MEDIA_ROOT/.moveup-staging).
SITEGROUP_MOVEUP_SECTION_PAGE_TYPE = "themes.ColumnPage"
SITEGROUP_MOVEUP_ROLLBACK_DAYS = env.int("SITEGROUP_MOVEUP_ROLLBACK_DAYS", default=30)
SITEGROUP_MOVEUP_STAGING_ROOT = env.str("SITEGROUP_MOVEUP_STAGING_ROOT", default="")

# Theme folders (docs/themes.md): the built-in themes plus any a county team keeps apart.
SITEGROUP_BUILTIN_THEME_DIR = BASE_DIR / "themes" / "library"
SITEGROUP_THEME_DIRS = [SITEGROUP_BUILTIN_THEME_DIR, *[Path(p) for p in env_list("SITEGROUP_EXTRA_THEME_DIRS")]]

MIDDLEWARE = [
    # Anonymous pages from the per-site page cache: a hit runs nothing below (docs/page-cache.md).
    "sitegroup.pagecache.middleware.PageCacheMiddleware",
    "tenants.middleware.SiteRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CSP per path (strict for our pages, Wagtail's allowances under /admin/), Permissions-Policy,
    # and "run nothing" headers on uploaded files.
    "sitegroup.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese unless the visitor chose another language (/en/ on sites, the switch on the platform);
    # the browser's Accept-Language is not consulted.
    "sitegroup.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Platform: who is signed in to the console. Sites: the person's grant is re-checked on
    # every request (revocation takes effect at once). Both: idle timeout, request IP for the audit log.
    "sitegroup.identity.middleware.IdentityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tenants.middleware.SiteRedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Theme folders hold each theme's base.html as "<slug>/base.html".
        "DIRS": [PROJECT_DIR / "templates", *SITEGROUP_THEME_DIRS],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "themes.theming.context_processor",
            ],
        },
    },
]

WSGI_APPLICATION = "sitegroup.wsgi.application"

# --- Database --------------------------------------------------------------------------
# DATABASE_URL selects a real server; without it the project runs its own embedded
# PostgreSQL (sitegroup/pgserver.py), started on first connection.
DATABASE_URL = env.str("DATABASE_URL", default="")
SITEGROUP_EMBEDDED_PG = not DATABASE_URL
# A connection kept open visits many sites, and each schema it touches stays in that PostgreSQL
# backend's catalogue cache until it closes (deploy/README.md, "Many sites on one install").
SITEGROUP_DB_CONN_MAX_AGE = env.int("SITEGROUP_DB_CONN_MAX_AGE", default=60)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=SITEGROUP_DB_CONN_MAX_AGE)}
else:
    DATABASES = {"default": {"NAME": env.str("SITEGROUP_DB_NAME", default="sitegroup"), "USER": "postgres"}}
DATABASES["default"]["ENGINE"] = "sitegroup.db"
# A database that is down or frozen must not hang requests: give up connecting after this many
# seconds (the request then gets a 503 page, sitegroup/errors.py), and notice a dead peer on an
# open TCP connection. Web processes also end statements after SITEGROUP_DB_STATEMENT_TIMEOUT
# seconds (sitegroup/wsgi.py; management commands and the task worker are not limited).
SITEGROUP_DB_CONNECT_TIMEOUT = env.int("SITEGROUP_DB_CONNECT_TIMEOUT", default=5)
SITEGROUP_DB_STATEMENT_TIMEOUT = env.int("SITEGROUP_DB_STATEMENT_TIMEOUT", default=30)
DATABASES["default"]["OPTIONS"] = {
    **DATABASES["default"].get("OPTIONS", {}),
    "connect_timeout": SITEGROUP_DB_CONNECT_TIMEOUT,
    "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3,
}
DATABASES["default"]["TEST"] = {"CHARSET": "UTF8", "TEMPLATE": "template0"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches ------------------------------------------------------------------------------
# Every alias is namespaced by schema: ids restart in every schema, so without this
# tenant B reads tenant A's cached site root paths and rendition URLs.
_TENANT_KEYS = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # Django's Redis backend, less a new client object per call (sitegroup/rediscache.py).
    _cache = {"BACKEND": "sitegroup.rediscache.RedisCache", "LOCATION": CACHE_URL}
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": {**_cache, **_TENANT_KEYS, "KEY_PREFIX": "sg"},
    "renditions": {**_cache, **_TENANT_KEYS, "KEY_PREFIX": "sg-rnd"},
    # Serving (Host → site, the page cache): read before any schema is chosen and purged across
    # sites, so every key names its schema itself (tenants/cachekeys.py), in the same
    # "<schema>:<prefix>:<version>:..." layout as the per-schema aliases.
    "serving": {**_cache, "KEY_FUNCTION": "tenants.cachekeys.make_key",
                "REVERSE_KEY_FUNCTION": "tenants.cachekeys.reverse_key", "KEY_PREFIX": "sg-srv",
                "OPTIONS": {} if CACHE_URL else {"MAX_ENTRIES": 5000}},
}
# How long the Host → site answer is remembered (it is also dropped on every domain or site change).
SITEGROUP_HOST_CACHE_SECONDS = env.int("SITEGROUP_HOST_CACHE_SECONDS", default=300)

# --- Page cache (sitegroup.pagecache, docs/page-cache.md) ---------------------------------
SITEGROUP_PAGE_CACHE = env.bool("SITEGROUP_PAGE_CACHE", default=True)
# How long an anonymous response is kept at most (purges remove it sooner).
SITEGROUP_PAGE_CACHE_SECONDS = env.int("SITEGROUP_PAGE_CACHE_SECONDS", default=600)
# How long nginx may serve a response without asking (X-Accel-Expires); it serves stale copies
# for much longer when the app servers are down (deploy/nginx.conf).
SITEGROUP_PAGE_CACHE_PROXY_SECONDS = env.int("SITEGROUP_PAGE_CACHE_PROXY_SECONDS", default=10)
SITEGROUP_PAGE_CACHE_MAX_BYTES = env.int("SITEGROUP_PAGE_CACHE_MAX_BYTES", default=2 * 1024 * 1024)
SITEGROUP_PAGE_CACHE_MAX_QUERY_LENGTH = 200
# Never cached, whoever asks: staff and sign-in pages, files (served with their own checks).
SITEGROUP_PAGE_CACHE_EXCLUDED_PREFIXES = ["/admin/", "/documents/", "/media/", "/static/", "/console/",
                                          "/login/", "/logout/", "/_util/"]
# Models (app_label.Model) whose changes show on every site: a save or delete purges every site.
SITEGROUP_PAGE_CACHE_PURGE_ALL_ON = ["theme_registry.Theme"]

# --- Passwords ---------------------------------------------------------------------------
# "dengbao": 等保 2.0 style, length ≥ 8 with 3 of the 4 character classes;
# "asvs": OWASP ASVS style, length ≥ 12 (≤ 128), no composition rules, common/breached list.
SITEGROUP_PASSWORD_PROFILE = env.str("SITEGROUP_PASSWORD_PROFILE", default="dengbao")
# An optional file of breached passwords (one per line) the "asvs" profile refuses.
SITEGROUP_BREACHED_PASSWORDS_FILE = env.str("SITEGROUP_BREACHED_PASSWORDS_FILE", default="")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "sitegroup.identity.passwords.ProfilePasswordValidator"},
]

# --- Identity and sessions (sitegroup.identity) -----------------------------------------
# Lockout (sitegroup/identity/lockout.py), for every check of a password or code: failures from
# one client address before that address is paused for the account, and for how long; failures
# from all addresses together before the account is locked everywhere except the addresses it
# signed in from within SITEGROUP_LOCKOUT_KNOWN_ADDRESS_DAYS.
SITEGROUP_LOCKOUT_FAILURES = env.int("SITEGROUP_LOCKOUT_FAILURES", default=5)
SITEGROUP_LOCKOUT_MINUTES = env.int("SITEGROUP_LOCKOUT_MINUTES", default=30)
SITEGROUP_LOCKOUT_ACCOUNT_FAILURES = env.int("SITEGROUP_LOCKOUT_ACCOUNT_FAILURES", default=20)
SITEGROUP_LOCKOUT_KNOWN_ADDRESS_DAYS = env.int("SITEGROUP_LOCKOUT_KNOWN_ADDRESS_DAYS", default=90)
# Password logins on site hosts exist only for break-glass (below) and all go through the lockout.
AUTHENTICATION_BACKENDS = ["sitegroup.identity.backends.LockoutModelBackend"]
# Signed-in sessions end after this many seconds without a request (platform and sites).
SITEGROUP_IDLE_TIMEOUT_SECONDS = env.int("SITEGROUP_IDLE_TIMEOUT_SECONDS", default=30 * 60)
# TOTP is always required for operators and for roles above editor; this makes it required for all.
SITEGROUP_2FA_REQUIRED_FOR_ALL = env.bool("SITEGROUP_2FA_REQUIRED_FOR_ALL", default=False)
SITEGROUP_2FA_ISSUER = env.str("SITEGROUP_2FA_ISSUER", default="Sitegroup")
# Lifetime of the signed single-use token that carries a person from the console into a site.
SITEGROUP_HANDOFF_MAX_AGE = 60
# Local logins on a site host (/admin/login/?local=1): "superusers" keeps a break-glass login
# for the site's own superusers (no 2FA, audited, locked out like staff); "off" allows only
# the platform login (production default).
SITEGROUP_SITE_LOCAL_LOGIN = env.str("SITEGROUP_SITE_LOCAL_LOGIN", default="superusers")
# Audit entries are kept at least this long; purge_audit_log refuses shorter periods.
SITEGROUP_AUDIT_MIN_RETENTION_DAYS = 180
# Reverse proxies whose X-Real-IP header gives the client address (audit log, lockout per address).
# Nobody by default, in every settings module: behind deploy/nginx.conf set "127.0.0.1,::1".
SITEGROUP_TRUSTED_PROXIES = env_list("SITEGROUP_TRUSTED_PROXIES")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 3600

# --- Content safety (sitegroup.safety) ---------------------------------------------------
# Words that must not appear in published pages (one per line in the file, # comments).
SITEGROUP_SENSITIVE_WORDS = env_list("SITEGROUP_SENSITIVE_WORDS")
SITEGROUP_SENSITIVE_WORDS_FILE = env.str("SITEGROUP_SENSITIVE_WORDS_FILE", default="")
# The scheduler (sitegroup.scheduling) queues a scan of every active site at this local time
# each night (one background task per site); empty turns the nightly scan off.
SITEGROUP_SAFETY_SCAN_TIME = env.str("SITEGROUP_SAFETY_SCAN_TIME", default="02:30")

# Largest document upload, in bytes.
SITEGROUP_MAX_DOCUMENT_SIZE = env.int("SITEGROUP_MAX_DOCUMENT_SIZE", default=50 * 1024 * 1024)

# --- Mail ------------------------------------------------------------------------------------
# Alerts (content safety) go out by mail only when a mail server is configured.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sitegroup@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Public interaction (interaction/) ------------------------------------------------------
# Fernet keys for writers' and requesters' personal data, newest first (comma-separated). Empty:
# a key derived from DJANGO_SECRET_KEY (development only; `check --deploy` warns).
SITEGROUP_INTERACTION_KEYS = env_list("SITEGROUP_INTERACTION_KEYS")
# django-ratelimit rates per client address and per whole site, for each public action.
SITEGROUP_INTERACTION_RATES = {
    "letter": {"address": env.str("SITEGROUP_INTERACTION_LETTER_RATE", default="5/h"),
               "site": env.str("SITEGROUP_INTERACTION_SITE_LETTER_RATE", default="300/h")},
    "request": {"address": "5/h", "site": "300/h"},
    "comment": {"address": "10/h", "site": "600/h"},
    "lookup": {"address": "20/h", "site": "3000/h"},
}
# A form sent sooner than this after it was shown is refused (people take longer than bots).
SITEGROUP_INTERACTION_MIN_FILL_SECONDS = env.int("SITEGROUP_INTERACTION_MIN_FILL_SECONDS", default=5)
# A form older than this must be reloaded (its signed token expires).
SITEGROUP_INTERACTION_FORM_MAX_AGE = 4 * 3600
# Largest attachment to a letter or request, in bytes (checked like document uploads).
SITEGROUP_INTERACTION_MAX_ATTACHMENT = env.int("SITEGROUP_INTERACTION_MAX_ATTACHMENT", default=5 * 1024 * 1024)
# Personal data of finished letters and requests is erased after this many days
# (`manage.py interaction_purge_personal_data`); the letters themselves stay for the statistics.
SITEGROUP_INTERACTION_RETENTION_DAYS = env.int("SITEGROUP_INTERACTION_RETENTION_DAYS", default=3 * 365)
# National spot checks fail a site with a public message unanswered for longer than this.
SITEGROUP_INTERACTION_UNANSWERED_DAYS = 90
# Local time of the daily run that mails staff about letters due soon (within each site's
# "remind N working days before" setting) and letters gone overdue (interaction/reminders.py).
SITEGROUP_INTERACTION_REMINDER_TIME = env.str("SITEGROUP_INTERACTION_REMINDER_TIME", default="08:00")

# --- Content-Security-Policy (sitegroup.security) ------------------------------------------
# Our templates (platform, console, site pages) need no inline script. Wagtail's admin
# does (its templates carry inline <script> and style attributes), so it gets its own policy.
SITEGROUP_CSP = {
    "default": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
                "frame-ancestors 'self'"),
    "admin": ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
              "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
              "frame-ancestors 'self'"),
    # Uploaded files: nothing in them may run, even when opened directly (SVG, HTML).
    "files": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
}
SITEGROUP_CSP_ADMIN_PREFIXES = ["/admin/"]
SITEGROUP_CSP_FILE_PREFIXES = ["/media/", "/documents/"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"

# --- Languages ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [
    PROJECT_DIR / "locale",
    # Chinese for the admin strings Wagtail's own zh_Hans catalogue leaves in English (only gaps:
    # tests/siteadmin/test_translations.py). Not a folder named "locale", so makemessages never rewrites it.
    PROJECT_DIR / "siteadmin" / "wagtail_locale",
]
# The language switch of platform pages remembers the choice in this cookie (sites use /en/).
LANGUAGE_COOKIE_NAME = "sitegroup_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "static_collected"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Each theme folder's static/ under theme/<slug>/.
    "themes.registry.finders.ThemeStaticFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Files of each site go to MEDIA_ROOT/<schema>/ and are served under /media/<schema>/
# only on that site's own hosts (tenants.views.serve_media, deploy/nginx.conf).
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
# Production hands /media/ files to nginx through X-Accel-Redirect under this prefix; empty
# (development) serves them from Django.
SITEGROUP_MEDIA_ACCEL_PREFIX = ""

# --- Wagtail -----------------------------------------------------------------------------
def _current_site_name():
    """The registered name of the site the request is on (its schema's tenant), else the platform's."""
    from django.db import connection

    return getattr(getattr(connection, "tenant", None), "name", "") or "Sitegroup"


# Wagtail names "the site" with this in the dashboard, the page summary, e-mails and the typed
# confirmation of bulk deletes: each site's own name, evaluated per request, not one global name.
WAGTAIL_SITE_NAME = lazy(_current_site_name, str)()
# WAGTAILADMIN_BASE_URL is one global value; with a host per site it stays unset and
# Wagtail uses the request's host.
# ...and its system check about that is silenced for the same reason.
SILENCED_SYSTEM_CHECKS = ["wagtailadmin.W003"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip", "ofd", "wps",
                          "doc", "xls"]
# Below Pillow's decompression-bomb warning threshold (~89 MP).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# No SVG: its scripts would run when the file is opened directly.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Uploads are checked by content, not by name (sitegroup/safety/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "sitegroup.safety.uploads.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "sitegroup.safety.uploads.SafeDocumentForm"
# Rich text keeps only these features; links are limited by Wagtail to http(s), ftp, mailto, tel.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link",
                                 "document-link", "image", "blockquote", "superscript", "subscript"]},
    },
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: a government intranet must not call outside services (and the
# request leaked every editor's e-mail hash). Editors may upload an avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One time zone for the whole country: the account page offers no list of 600 zones.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
# No password reset or change in a site's admin: staff passwords live on the platform, and a
# break-glass superuser's is set with `manage.py` (no mail-sending form, no unthrottled check).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Government terms the Chinese word segmentation knows (jieba's user dictionary): search uses it
# for the index, themes/slugs.py for readable page slugs. The same dictionary in every process
# keeps a title's generated slug the same whichever process saves it.
SITEGROUP_SEGMENTATION_DICTIONARY = BASE_DIR / "search" / "government_words.txt"

# --- Site furniture (themes/footer.py) ---------------------------------------------------
# The 我为政府网站找错 link of a site that sets none itself: the national error-report platform,
# with the site's identifier (网站标识码) and the page's address filled in. Sites without an
# identifier and without their own link show none.
SITEGROUP_ERROR_REPORT_URL = env.str(
    "SITEGROUP_ERROR_REPORT_URL",
    default="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={site_id_code}&url={url}")

# --- Accessibility audits --------------------------------------------------------------
# The Chromium the audits drive; empty finds Debian's `chromium` on the PATH.
SITEGROUP_CHROMIUM = env.str("CHROMIUM", default="")

# --- Cross-site search -------------------------------------------------------------------
# PostgreSQL by default; set ELASTICSEARCH_URL to use one shared Elasticsearch index instead.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
SITEGROUP_SEARCH_BACKEND = env.str(
    "SITEGROUP_SEARCH_BACKEND",
    default="search.backends.elasticsearch.ElasticsearchBackend" if ELASTICSEARCH_URL
    else "search.backends.postgres.PostgresBackend")
SITEGROUP_SEARCH_INDEX = env.str("SITEGROUP_SEARCH_INDEX", default="sitegroup-pages")
# How often (seconds) a process checks for a new version of the operators' synonym and
# dictionary lists; "did you mean" is offered below this many results; query statistics
# are kept this many days (`manage.py purge_search_stats`).
SITEGROUP_SEARCH_LISTS_TTL = env.float("SITEGROUP_SEARCH_LISTS_TTL", default=5.0)
SITEGROUP_SEARCH_SUGGEST_BELOW = env.int("SITEGROUP_SEARCH_SUGGEST_BELOW", default=3)
SITEGROUP_SEARCH_STATS_DAYS = env.int("SITEGROUP_SEARCH_STATS_DAYS", default=400)
# PostgreSQL backend: a cluster-wide query whose every word is in more pages than this ranks only
# the pages with a query word in the title (when there are enough of them; counts stay exact).
SITEGROUP_SEARCH_TITLE_FIRST_ABOVE = env.int("SITEGROUP_SEARCH_TITLE_FIRST_ABOVE", default=5000)
# ...and a word in more documents than this has its documents counted per site as the index
# changes, so a one-word query over the whole cluster reads its counts per site instead of
# counting every match (search/backends/pgsitecounts.py).
SITEGROUP_SEARCH_SITE_COUNTS_ABOVE = env.int("SITEGROUP_SEARCH_SITE_COUNTS_ABOVE", default=5000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Django's own messages once, through the handler above: left to propagate, they were printed
    # by Django's default handler and again by the root one ("Watching for file changes" twice).
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- Syndication (syndication/) ---------------------------------------------------------
# Hours a receiving site has to publish a push, unless the sender chose another deadline.
SITEGROUP_SYNDICATION_DEADLINE_HOURS = env.int("SITEGROUP_SYNDICATION_DEADLINE_HOURS", default=24)
# How often the scheduler checks deadlines (records late sites once in the audit log); 0 turns it off.
SITEGROUP_SYNDICATION_DEADLINE_CHECK_MINUTES = env.int("SITEGROUP_SYNDICATION_DEADLINE_CHECK_MINUTES", default=60)
# Where images of pushed and submitted items wait (never served directly); empty: MEDIA_ROOT/.syndication.
SITEGROUP_SYNDICATION_ASSET_ROOT = env.str("SITEGROUP_SYNDICATION_ASSET_ROOT", default="")
# Feeds: how long clients and caches may keep them, how long they stay rendered in the cache (a
# change of a site's items renders its feeds anew at once), and the length of the cluster's feeds.
SITEGROUP_FEED_MAX_AGE = env.int("SITEGROUP_FEED_MAX_AGE", default=300)
SITEGROUP_FEED_CACHE_SECONDS = env.int("SITEGROUP_FEED_CACHE_SECONDS", default=600)
SITEGROUP_CLUSTER_FEED_LENGTH = env.int("SITEGROUP_CLUSTER_FEED_LENGTH", default=50)

# --- Background work ----------------------------------------------------------------------
# "immediate" runs each task inline in the schema it was queued from (dev, tests, small
# installs). "database" queues it in the public schema for `manage.py db_worker` processes;
# every task carries its site's schema (sitegroup/tasks). Production defaults to "database".
SITEGROUP_TASKS = env.str("SITEGROUP_TASKS", default="immediate")
SITEGROUP_TASK_BACKENDS = {"immediate": "sitegroup.tasks.backend.InlineBackend",
                           "database": "sitegroup.tasks.backend.SchemaAwareDatabaseBackend"}
if SITEGROUP_TASKS not in SITEGROUP_TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"SITEGROUP_TASKS must be one of {', '.join(SITEGROUP_TASK_BACKENDS)}, not {SITEGROUP_TASKS!r}.")
TASKS = {"default": {"BACKEND": SITEGROUP_TASK_BACKENDS[SITEGROUP_TASKS]}}

# Site health (sitegroup.health): the national spot-check thresholds (国办函〔2019〕80号), each one
# overridable as JSON, e.g. SITEGROUP_HEALTH_THRESHOLDS='{"home_stale_days": 10}' (keys in
# sitegroup/health/thresholds.py). Probes request the home page at SITEGROUP_HEALTH_PROBE_URL
# ({domain} is the site's primary domain) with SITEGROUP_HEALTH_PROBE_TIMEOUT seconds to answer.
SITEGROUP_HEALTH_THRESHOLDS = env.json("SITEGROUP_HEALTH_THRESHOLDS", default={})
SITEGROUP_HEALTH_PROBE_URL = env.str("SITEGROUP_HEALTH_PROBE_URL", default="https://{domain}/")
SITEGROUP_HEALTH_PROBE_TIMEOUT = env.float("SITEGROUP_HEALTH_PROBE_TIMEOUT", default=15.0)
# Scheduled (sitegroup/health/scheduled_jobs.py): probes every SITEGROUP_HEALTH_PROBE_MINUTES (the
# rules ask for at least 20 probes a day, so at most every 72 minutes), the checks with link checks
# daily at SITEGROUP_HEALTH_TIME (after the nightly content-safety scan, whose findings they read),
# the operators' summary weekly on SITEGROUP_HEALTH_SUMMARY_WEEKDAY (0 = Monday) at
# SITEGROUP_HEALTH_SUMMARY_TIME. An empty time turns that job off.
SITEGROUP_HEALTH_PROBE_MINUTES = env.int("SITEGROUP_HEALTH_PROBE_MINUTES", default=60)
if not 1 <= SITEGROUP_HEALTH_PROBE_MINUTES <= 72:
    raise ImproperlyConfigured(
        "SITEGROUP_HEALTH_PROBE_MINUTES must be 1 to 72 (the rules ask for at least 20 probes a day), "
        f"not {SITEGROUP_HEALTH_PROBE_MINUTES}.")
SITEGROUP_HEALTH_TIME = env.str("SITEGROUP_HEALTH_TIME", default="05:00")
SITEGROUP_HEALTH_SUMMARY_WEEKDAY = env.int("SITEGROUP_HEALTH_SUMMARY_WEEKDAY", default=0)
SITEGROUP_HEALTH_SUMMARY_TIME = env.str("SITEGROUP_HEALTH_SUMMARY_TIME", default="08:00")
# Visit counts (page views served through the page cache's signal) are kept in memory per process
# and written out every N views or S seconds; SITEGROUP_VISITS_ENABLED=false stops counting.
SITEGROUP_VISITS_ENABLED = env.bool("SITEGROUP_VISITS_ENABLED", default=True)
SITEGROUP_VISITS_FLUSH_EVERY = env.int("SITEGROUP_VISITS_FLUSH_EVERY", default=500)
SITEGROUP_VISITS_FLUSH_SECONDS = env.int("SITEGROUP_VISITS_FLUSH_SECONDS", default=60)
# --- Scheduled work (sitegroup.scheduling) ------------------------------------------------
# `manage.py run_scheduled`, called every minute by deploy/sitegroup-scheduler.timer, runs the
# registered jobs that are due. Times of day are local (TIME_ZONE); an empty time turns a job off.
SITEGROUP_SCHEDULED_PUBLISHING_MINUTES = env.int("SITEGROUP_SCHEDULED_PUBLISHING_MINUTES", default=1)
SITEGROUP_HOUSEKEEPING_TIME = env.str("SITEGROUP_HOUSEKEEPING_TIME", default="04:30")
# Finished background-task results and scheduler runs are kept this many days.
SITEGROUP_TASK_RESULT_DAYS = env.int("SITEGROUP_TASK_RESULT_DAYS", default=14)
SITEGROUP_SCHEDULER_HISTORY_DAYS = env.int("SITEGROUP_SCHEDULER_HISTORY_DAYS", default=30)
# Audit entries older than this are deleted every night (never fewer than the legal 180 days).
SITEGROUP_AUDIT_RETENTION_DAYS = env.int("SITEGROUP_AUDIT_RETENTION_DAYS", default=365)
if SITEGROUP_AUDIT_RETENTION_DAYS < SITEGROUP_AUDIT_MIN_RETENTION_DAYS:
    raise ImproperlyConfigured(f"SITEGROUP_AUDIT_RETENTION_DAYS must be at least {SITEGROUP_AUDIT_MIN_RETENTION_DAYS} "
                               f"(audit logs are kept at least six months), not {SITEGROUP_AUDIT_RETENTION_DAYS}.")

# --- Per-site backups (tenants.backup) ----------------------------------------------------
# `manage.py backup_site` writes archives here; the nightly job keeps the newest N per site.
SITEGROUP_BACKUP_DIR = env.str("SITEGROUP_BACKUP_DIR", default=str(BASE_DIR / "var" / "backups"))
SITEGROUP_BACKUP_TIME = env.str("SITEGROUP_BACKUP_TIME", default="03:00")
SITEGROUP_BACKUP_KEEP = env.int("SITEGROUP_BACKUP_KEEP", default=7)
