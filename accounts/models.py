"""Users identified by email, with a display name, and their sign-in sessions."""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def build_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        """A user ready to save, its password hashed: the slow part (on purpose), done before
        the caller opens a transaction, so no write lock waits on it."""
        if not email:
            raise ValueError("An email is required.")
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        # Uniqueness is the database's call: a racing registration must end as an IntegrityError
        # (409), not as a validation error from a look-up that raced too.
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
        return user

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        user = self.build_user(email, password, **fields)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email=normalize_email(email))


def normalize_email(email: str) -> str:
    """One spelling per address: NFKC, then case-folded (long s, capitals: all one address).

    Stored emails are normalized, and look-ups compare exactly: the database's case-insensitive
    match folds some letters differently from Python, which would let variants of one address
    count as different login attempts yet reach the same account.
    """
    return unicodedata.normalize("NFKC", email.strip()).casefold()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(max_length=254, unique=True)
    name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # When every sign-in session was last ended (a new password, deactivation): access tokens
    # issued until then are refused (accounts.authentication), except those of the one session
    # the user ended the others from, which stays signed in.
    sessions_ended_at = models.DateTimeField(null=True, blank=True, editable=False)
    sessions_ended_except = models.UUIDField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    @classmethod
    def normalize_username(cls, username: str) -> str:
        """Django's hook for one spelling per login (its forms and `clean()` call it)."""
        return normalize_email(username) if isinstance(username, str) else username


class RevokeReason(models.TextChoices):
    LOGOUT = "logout", "logged out"
    REUSE = "reuse", "a rotated refresh token was replayed"
    SUPPORT = "support", "revoked by support"
    PASSWORD = "password", "the password changed"
    DEACTIVATED = "deactivated", "the user was deactivated"
    ELSEWHERE = "elsewhere", "signed out from another session of the user"


class SignInSession(models.Model):
    """One login and every refresh token rotated from it (a token family).

    Only what revocation needs is kept: the family's id (the `fam` claim), its user, the id of
    its current refresh token (and of the one before), and when that token expires. No token
    text, nor anything a token could be rebuilt from without the signing key. A refresh token of
    the family other than the current one has been rotated already: presenting it again revokes
    the whole family, unless it is the one spent within the last REPLAY_GRACE, which gets the
    current one again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_sessions")
    current_token_id = models.CharField(max_length=64, editable=False)
    # The token the last refresh spent: a client that lost that refresh's answer and sends it
    # again soon after is given the current token again, and the session goes on.
    previous_token_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=16, choices=RevokeReason.choices, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "sign-in session"
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_session_user")]
        permissions = [("revoke_signinsession", "Can revoke sign-in sessions")]

    def __str__(self) -> str:
        return f"{self.user} since {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
