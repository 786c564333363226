"""Serializer fields that refuse loosely typed input instead of coercing it."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer and nothing else: no `1.5`, `"10"`, `"1e3"`, `true` or `null`."""

    default_error_messages = {"invalid": "A whole number is required."}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictTypesMixin:
    """A serializer that refuses a JSON number or boolean where it expects a string (DRF's own
    text fields would turn `12345` into `"12345"`), naming each such field."""

    _TEXT_FIELDS = (serializers.CharField, serializers.ChoiceField, serializers.DecimalField)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            errors = {
                name: [_STRING_EXPECTED.get(type(field), "Must be a string.")]
                for name, field in self.fields.items()
                if not field.read_only
                and isinstance(field, self._TEXT_FIELDS)
                and data.get(name) is not None
                and not isinstance(data[name], str)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


_STRING_EXPECTED = {serializers.DecimalField: 'Must be a decimal string, such as "19.99".'}
