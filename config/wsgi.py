"""WSGI entry point for gunicorn and other WSGI servers. The system checks run first, as every
management command and worker runs them: a malformed setting refuses to serve."""

import os

from django.core.checks import run_checks
from django.core.management.base import SystemCheckError
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
if errors := [message for message in run_checks() if message.is_serious()]:
    raise SystemCheckError("\n".join(str(message) for message in errors))
