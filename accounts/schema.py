"""OpenAPI description of the bearer-token authentication."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class BearerTokenScheme(SimpleJWTScheme):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"
