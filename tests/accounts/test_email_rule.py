"""One email rule: the server takes an address exactly when the OpenAPI document's pattern
matches it, and every address it takes passes a common `format: email` validator
(email-validator, which pydantic's EmailStr uses), so a generated client that validates the
`User` it gets back never refuses one the server gave it."""

from __future__ import annotations

import re

import email_validator
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.serializers import EMAIL_PATTERN, RegisterSerializer
from api.fields import ecma

PASSWORD = "a-fine-passw0rd-xyz"
REFUSED = [
    "0@0.00",
    "a@b.c0",
    "a@b.123",
    "x@mail.local",
    "x@corp.invalid",
    "x@x.test",
    "x@y.LOCAL",
    "x@sub.localhost",
    "x@y.onion",
    "x@1.in-addr.arpa",
    "x@localhost",
    "a" * 65 + "@example.com",
    "no-at-sign.example.com",
    "two@@example.com",
    ".dot@example.com",
]
TAKEN = [
    "name@example.com",
    "a.b+c@d-e.co",
    "x@test.com",
    "x@a.testing",
    "a@xn--80ak6aa92e.com",
    "a@b.xn--p1ai",
    "  padded@example.com  ",
    "a" * 64 + "@example.com",
]


def server_takes(email: str) -> bool:
    candidate = {"email": email, "password": PASSWORD, "name": "Someone"}
    return RegisterSerializer(data=candidate).is_valid()


def validator_takes(email: str) -> bool:
    try:
        email_validator.validate_email(email.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError:
        return False
    return True


def document_takes(email: str) -> bool:
    """The document's (ECMAScript) pattern, read back by Python's engine."""
    return re.search(ecma(EMAIL_PATTERN), email) is not None


@pytest.mark.parametrize("email", TAKEN)
def test_an_address_the_server_takes_every_rule_takes(email: str) -> None:
    assert (server_takes(email), document_takes(email), validator_takes(email)) == (True,) * 3


@pytest.mark.parametrize("email", REFUSED)
def test_an_address_the_server_refuses_the_document_refuses(email: str) -> None:
    assert (server_takes(email), document_takes(email)) == (False, False)


LOCAL = st.from_regex(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,12}(\.[A-Za-z0-9_+-]{1,6}){0,2}", fullmatch=True
)
LABEL = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?", fullmatch=True)
TOP = st.one_of(
    st.sampled_from(
        ["com", "io", "Test", "local", "invalid", "onion", "arpa", "localhost", "xn--p1ai"]
    ),
    st.from_regex(r"[A-Za-z0-9-]{1,8}", fullmatch=True),
)
ADDRESSES = st.builds(
    lambda local, labels, top: f"{local}@{'.'.join(labels)}.{top}",
    LOCAL,
    st.lists(LABEL, min_size=1, max_size=3),
    TOP,
)


@settings(max_examples=400, deadline=None)
@given(ADDRESSES)
def test_the_server_and_the_document_agree_and_the_validator_takes_what_they_take(
    email: str,
) -> None:
    taken = server_takes(email)
    assert document_takes(email) == taken
    if taken:
        assert validator_takes(email)
