"""Serializer fields that refuse loosely typed input instead of coercing it, and text fields whose
rule is one regular expression: the server takes a string exactly when the pattern the OpenAPI
document shows for it matches."""

from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers

# The largest id the document promises: 2^53 - 1, the largest integer JavaScript's numbers hold
# exactly (JSON tools round beyond it). A path id or an id in a query beyond it names nothing.
MAX_ID = 2**53 - 1
# Exactly the characters str.isspace() calls spaces (what a trimmed field strips), written so that
# Python's `re` and ECMAScript read the class alike.
SPACES = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def text_pattern(*, trimmed: bool = False, at_least: int = 0) -> str:
    """Text without NUL (PostgreSQL cannot store it). When `trimmed`, the spaces at either end are
    allowed (the field removes them) and at least `at_least` characters must be left."""
    if not trimmed:
        return r"\A[^\x00]*\Z"
    edge = rf"[^{SPACES}\x00]"
    if at_least >= 2:
        core = rf"{edge}[^\x00]{{{at_least - 2},}}{edge}"
    else:
        core = rf"(?:{edge}(?:[^\x00]*{edge})?)" + ("?" if at_least == 0 else "")
    return rf"\A[{SPACES}]*{core}[{SPACES}]*\Z"


def ecma(pattern: str) -> str:
    """A Python pattern of the kind above as JSON Schema writes it."""
    return pattern.replace(r"\A", "^").replace(r"\Z", "$").replace(r"\x", r"\u00")


class Documented:
    """A field that says itself what the OpenAPI document shows for it (see api.schema)."""

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError


# A character PostgreSQL cannot store (NUL), said as a person can act on it.
UNSAVABLE = "Contains an invisible character that cannot be saved (U+0000); please remove it."


class PatternField(Documented, serializers.Field):
    """A string the server takes when it is `min_length` to `max_length` characters as sent and
    `pattern` matches it, and otherwise refuses with `message`; the document shows the same
    lengths and pattern. `trimmed`: the spaces at either end are then removed. A number or boolean
    is refused, not turned into text. (A plain Field, not a CharField: the document generator
    words a CharField's blank rule itself, beside the pattern that already says it.)"""

    default_error_messages = {"invalid": "Must be a string."}

    def __init__(
        self,
        *,
        pattern: str,
        message: str,
        trimmed: bool = False,
        min_length: int = 0,
        max_length: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.pattern, self.message, self.trimmed = pattern, message, trimmed
        self.lengths = (min_length, max_length)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:  # pasted, never typed: say what to do about it
            raise serializers.ValidationError(UNSAVABLE)
        low, high = self.lengths
        if low and not (data.strip() if self.trimmed else data):
            raise serializers.ValidationError("Cannot be empty.")
        if not low <= len(data) <= high or not re.fullmatch(self.pattern, data):
            raise serializers.ValidationError(self.message)
        return data.strip() if self.trimmed else data

    def to_representation(self, value: Any) -> str:
        return str(value)

    def schema(self) -> dict[str, Any]:
        low, high = self.lengths
        schema: dict[str, Any] = {"type": "string", "pattern": ecma(self.pattern)}
        if low:
            schema["minLength"] = low
        schema["maxLength"] = high
        return schema


def text(min_length: int, max_length: int, *, trimmed: bool = False, **kwargs: Any) -> PatternField:
    """Free text of `min_length` to `max_length` characters as sent, without NUL; `trimmed` for
    names and titles, which lose the spaces at either end and must keep `min_length` others."""
    if trimmed:
        what = f"{min_length} to {max_length} characters, not counting only spaces"
        kwargs.setdefault(
            "help_text",
            f"At least {min_length} characters besides spaces; spaces at either end are removed.",
        )
    elif min_length:
        what = f"{min_length} to {max_length} characters"
    else:
        what = f"at most {max_length} characters"
    return PatternField(
        pattern=text_pattern(trimmed=trimmed, at_least=min_length),
        message=f"Must be {what}.",
        trimmed=trimmed,
        min_length=min_length,
        max_length=max_length,
        **kwargs,
    )


class StrictIntegerField(serializers.IntegerField):
    """A JSON number without a fraction (`3`, or `3.0`, which JSON Schema calls an integer too) and
    nothing else: no `1.5`, `"10"`, `"1e3"`, `true` or `null`."""

    default_error_messages = {"invalid": "A whole number is required."}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBodyMixin:
    """A request body that names a field the serializer does not have is refused, naming each
    such key (a typo such as `orignal_price` is found at once instead of dropped); so is a JSON
    number or boolean where a string is expected (DRF's own text fields would turn `12345` into
    `"12345"`). The OpenAPI document says `additionalProperties: false` for these bodies."""

    _TEXT_FIELDS = (serializers.CharField, serializers.ChoiceField, serializers.DecimalField)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            writable = [name for name, field in self.fields.items() if not field.read_only]
            unknown = f"Not a field of this request; its fields are {', '.join(writable)}."
            errors = {name: [unknown] for name in data if name not in self.fields}
            errors |= {
                name: [
                    'Must be a decimal string, such as "19.99".'
                    if isinstance(field, serializers.DecimalField)
                    else "Must be a string."
                ]
                for name, field in self.fields.items()
                if not field.read_only
                and isinstance(field, self._TEXT_FIELDS)
                and data.get(name) is not None
                and not isinstance(data[name], str)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
