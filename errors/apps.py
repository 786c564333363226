"""App config: connects the signal receivers of the error-handling core."""

import logging

from django.apps import AppConfig


class ErrorsConfig(AppConfig):
    name = "errors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from errors import handlers, tasks

        handlers.connect_signals()
        tasks.connect_signals()
        # The JSON lines (errors.logging) carry no thread or process names, so records need not
        # look them up: the logging HOWTO's own advice for lines written this often.
        logging.logThreads = False
        logging.logProcesses = False
        logging.logMultiprocessing = False
