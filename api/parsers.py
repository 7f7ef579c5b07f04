"""The API's one request body format: JSON, parsed by orjson with bounds. A body over
MAX_BODY_BYTES is a 413, nesting deeper than MAX_DEPTH a 400 (Python's own parser raised
RecursionError at 100,000 brackets: a 500), and a NUL in any string a 400 naming where."""

import orjson
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import BaseParser

from incidents.rules import nul_path

MAX_BODY_BYTES = 2_621_440  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE: an article and its fields
MAX_DEPTH = 20  # Salvo's deepest body is an object holding a list of strings


class BodyTooLarge(APIException):
    status_code = 413
    default_detail = f"The request body is over {MAX_BODY_BYTES:,} bytes."
    default_code = "body_too_large"


def _depth(value, limit: int) -> int:
    """How deep `value` nests, stopping as soon as it passes `limit`."""
    if limit < 0:
        return 1
    if isinstance(value, dict):
        return 1 + max((_depth(v, limit - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0


class StrictJSONParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise BodyTooLarge()
        try:
            data = orjson.loads(raw)  # orjson stops at 1024 levels with an error, not a crash
        except orjson.JSONDecodeError as error:
            raise ParseError(f"The body is not valid JSON: {error}") from None
        if _depth(data, MAX_DEPTH) > MAX_DEPTH:
            raise ParseError(f"The body nests deeper than {MAX_DEPTH} levels.")
        where = nul_path(data)
        if where:
            raise ValidationError(
                {where: ["Remove the NUL character (\\u0000): no text holds one."]}
            )
        return data
