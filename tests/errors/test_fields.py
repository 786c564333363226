"""The server takes a string exactly when the schema the document shows for its field says so."""

from __future__ import annotations

import re
import sys
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from accounts.serializers import RegisterSerializer, TokenObtainSerializer
from api.fields import SPACES, Documented, ecma, text_pattern
from deals.serializers import DealSerializer
from tokens.serializers import DeductSerializer
from web.serializers import ClientErrorReportSerializer

FIELDS = [
    (DealSerializer, "title"),
    (DealSerializer, "description"),
    (DealSerializer, "price"),
    (DealSerializer, "original_price"),
    (DealSerializer, "url"),
    (RegisterSerializer, "email"),
    (RegisterSerializer, "name"),
    (TokenObtainSerializer, "email"),
    (DeductSerializer, "description"),
    (ClientErrorReportSerializer, "page"),
]
# Spaces of every kind, digits, the characters URLs and emails are made of, NUL, controls, and
# anything else Unicode has (but lone surrogates, which JSON text cannot carry to a schema check).
CHARACTERS = st.one_of(
    st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000\x00\x01\x7f"),
    st.sampled_from("0123456789.-:/@?#[]\\%abcXYZ"),
    st.characters(exclude_categories=("Cs",)),
)


def field_of(serializer: type[serializers.Serializer], name: str) -> Any:
    return serializer().fields[name]


def server_takes(field: Any, value: str) -> bool:
    try:
        field.run_validation(value)
    except serializers.ValidationError:
        return False
    return True


def schema_takes(field: Any, value: str) -> bool:
    schema = field.schema()
    if field.allow_null:
        schema = {**schema, "type": [schema["type"], "null"]}
    return jsonschema.Draft202012Validator(schema).is_valid(value)


def drawable(pattern: str) -> str:
    """The pattern without its lookaheads (the email's local-part length), which hypothesis
    cannot draw through: it rejected every string and spent minutes doing so. The strings drawn
    need not match; the server and the schema must only agree on each."""
    return re.sub(r"\(\?=[^()]*\)", "", pattern)


def test_spaces_are_exactly_what_python_strips() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    matched = {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(f"[{SPACES}]", chr(c))}
    assert matched == spaces


def test_the_document_writes_the_pattern_for_ecmascript() -> None:
    pattern = ecma(text_pattern(trimmed=True, at_least=3))
    assert pattern.startswith("^")
    assert pattern.endswith("$")
    for python_only in (r"\x", r"\A", r"\Z"):
        assert python_only not in pattern
    assert r"\u0000" in pattern


def test_every_request_field_with_a_rule_is_documented_by_it() -> None:
    for serializer, name in FIELDS:
        assert isinstance(field_of(serializer, name), Documented), (serializer.__name__, name)


@pytest.mark.parametrize(
    ("serializer", "name"), FIELDS, ids=[f"{s.__name__}.{n}" for s, n in FIELDS]
)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_server_and_the_schema_agree_on_every_string(serializer, name, data) -> None:
    field = field_of(serializer, name)
    drawn = data.draw(
        st.one_of(
            st.text(CHARACTERS, max_size=40),
            st.from_regex(drawable(field.pattern), fullmatch=True).filter(lambda v: len(v) < 3000),
            st.from_regex(drawable(field.pattern), fullmatch=True).map(lambda value: f" {value}"),
        )
    )
    assert server_takes(field, drawn) == schema_takes(field, drawn), repr(drawn)


@pytest.mark.parametrize(
    ("serializer", "name"), FIELDS, ids=[f"{s.__name__}.{n}" for s, n in FIELDS]
)
def test_the_drawn_strings_include_ones_the_server_takes(serializer, name) -> None:
    field = field_of(serializer, name)
    search = settings(  # the first one found, not shrunk to the shortest
        max_examples=200,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    taken = find(
        st.from_regex(drawable(field.pattern), fullmatch=True),
        lambda value: server_takes(field, value),
        settings=search,
    )
    assert schema_takes(field, taken)


@pytest.mark.parametrize(
    ("serializer", "name", "value", "taken"),
    [
        (DealSerializer, "title", "  Kettle  ", True),
        (DealSerializer, "title", " ab ", False),
        (DealSerializer, "title", "\u3000\u3000abc", True),
        (DealSerializer, "title", "x" * 101, False),
        (DealSerializer, "price", "0.01", True),
        (DealSerializer, "price", "1000000000.00", True),
        (DealSerializer, "price", "1000000000.01", False),
        (DealSerializer, "price", "1e3", False),
        (DealSerializer, "price", "019.99", False),
        (DealSerializer, "price", " 19.99", False),
        (DealSerializer, "original_price", "", False),
        (DealSerializer, "url", "HTTPS://shop.example:8443/a?b#c", True),
        (DealSerializer, "url", "https://b\u00fccher.example/", False),
        (DealSerializer, "url", "https://user:pw@shop.example/", False),
        (RegisterSerializer, "email", " grace@example.com ", True),
        (RegisterSerializer, "email", "", False),
        (RegisterSerializer, "email", "grace@localhost", False),
        (RegisterSerializer, "email", "a..b@example.com", False),
    ],
)
def test_the_rules_at_their_edges(serializer, name, value, taken) -> None:
    field = field_of(serializer, name)
    assert server_takes(field, value) is taken
    assert schema_takes(field, value) is taken
