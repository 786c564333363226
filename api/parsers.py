"""A JSON parser that accepts only a JSON object at the top level, and never crashes on depth."""

from __future__ import annotations

import codecs
import json
from typing import Any

from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant


class JSONObjectParser(JSONParser):
    """Every endpoint of this API takes an object; a list, string, number or null is refused
    here with one clear message instead of surprising the view."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = _json_encoding((parser_context or {}).get("encoding") or "utf-8", media_type)
        try:
            data = json.load(codecs.getreader(encoding)(stream), parse_constant=strict_constant)
        except ValueError as exc:
            raise ParseError(f"Malformed JSON: {exc}") from exc
        except RecursionError as exc:
            raise ParseError("Malformed JSON: nested too deeply.") from exc
        if not isinstance(data, dict):
            raise ParseError(
                f"The request body must be a JSON object, not {_json_type_name(data)}."
            )
        return data


# JSON is Unicode text (RFC 8259); any other charset, and above all a codec that is not a text
# encoding at all (zlib, base64, rot13), is refused before it touches the body.
_JSON_ENCODINGS = frozenset(
    {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)


def _json_encoding(charset: str, media_type: str | None) -> str:
    try:
        name = codecs.lookup(charset).name
    except (LookupError, TypeError, ValueError):
        name = ""
    if name not in _JSON_ENCODINGS:
        raise UnsupportedMediaType(
            media_type or "application/json",
            detail=f"Unsupported charset {charset!r}; send JSON as UTF-8.",
        )
    return name


def _json_type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"
