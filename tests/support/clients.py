"""API clients as a signed-in user holds them."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken


def client_for(user: Any) -> APIClient:
    """A client that sends `user`'s bearer access token, and answers errors as responses."""
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client
