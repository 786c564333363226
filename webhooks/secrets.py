"""Endpoint secrets: made here, shown once, stored encrypted, and the Standard Webhooks headers
they sign.

A secret is stored as a Fernet token under a key derived from SECRET_KEY (and each of
SECRET_KEY_FALLBACKS, to read what an older key wrote), so a copy of the database alone cannot
sign an event. Signatures come from the `standardwebhooks` library, the one receivers verify with.
"""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac
from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
_KEY_SALT = "webhooks.secrets.v1"


def secret_new() -> str:
    """A new signing secret: `whsec_` and 32 random bytes in base64, as Standard Webhooks says."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(_KEY_SALT, "key", secret=key, algorithm="sha256").digest()
                )
            )
            for key in keys
        ]
    )


def secret_seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def secret_open(sealed: str) -> str:
    return _fernet().decrypt(sealed.encode()).decode()


def secret_reseal(sealed: str) -> str:
    """The same secret sealed under today's SECRET_KEY, whichever listed key sealed it."""
    return _fernet().rotate(sealed.encode()).decode()


def signed_headers(
    *, msg_id: str, timestamp: datetime, body: bytes, secrets_: list[str]
) -> dict[str, str]:
    """The three Standard Webhooks headers; one signature per secret (two during a rotation)."""
    signatures = [Webhook(secret).sign(msg_id, timestamp, body) for secret in secrets_]
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
