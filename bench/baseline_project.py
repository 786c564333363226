"""A minimal Django + DRF project, the baseline of bench/error_path.py.

Settings, URLconf and WSGI application in one module: Django's `startproject` middleware, DRF's
default exception handler, and one view that answers 404 the stock DRF way.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baseline_project")

# Settings come first: DRF reads them while this module is still being imported.
SECRET_KEY = "baseline-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
}


from django.core.wsgi import get_wsgi_application
from django.urls import path
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class MissingApi(APIView):
    permission_classes = (AllowAny,)

    def get(self, request, code):
        raise NotFound(f"No error code {code!r}.")


urlpatterns = [path("api/v1/errors/<str:code>", MissingApi.as_view())]

application = get_wsgi_application()
