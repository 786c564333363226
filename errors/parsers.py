"""A JSON parser that accepts only a JSON object at the top level, and never crashes on depth."""

from __future__ import annotations

import codecs
import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant


class JSONObjectParser(JSONParser):
    """Every endpoint of this API takes an object; a list, string, number or null is refused
    here with one clear message instead of surprising the view."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding") or "utf-8"
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
