"""RFC 9110 conditional requests on an incident's ETag (`"<version>"`).

GET/HEAD, If-None-Match: weak comparison (a proxy that gzips turns "3" into W/"3"), a list
of tags, or `*` (the incident exists) -> 304.
PATCH/PUT/DELETE, If-Match: strong comparison, a list of tags; missing -> 428; `*` -> 428 too,
because "any version" would let a client skip the lost-update check; no tag equal to the
current one -> 412 with the current ETag and version. A header that is not a list of quoted
entity tags (`If-Match: 3`) is a 400 rather than a guess."""

import re

from django.http import HttpResponse

from .problems import problem

# entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text
_TAG = re.compile(r'\s*(W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)')


class MalformedTags(ValueError):
    pass


def parse_tags(header: str) -> list[tuple[bool, str]] | None:
    """[(weak, opaque-tag), ...] or None for `*`; MalformedTags for anything else."""
    if header.strip() == "*":
        return None
    tags, position = [], 0
    while position < len(header):
        match = _TAG.match(header, position)
        if match is None:
            raise MalformedTags(header)
        tags.append((bool(match.group(1)), match.group(2)))
        position = match.end()
    if not tags:
        raise MalformedTags(header)
    return tags


def etag(version: int) -> str:
    return f'"{version}"'


def _bad_header(name: str) -> HttpResponse:
    return problem(
        400,
        f'{name} must be a comma-separated list of quoted entity tags, e.g. "3" or W/"3".',
        errors={name: ['Quote the ETag exactly as it was sent, e.g. "3".']},
    )


def not_modified(request, version: int) -> HttpResponse | None:
    """The 304 (or 400) to send instead of the incident, or None to send it."""
    header = request.headers.get("If-None-Match")
    if header is None or request.method not in ("GET", "HEAD"):
        return None
    try:
        tags = parse_tags(header)
    except MalformedTags:
        return _bad_header("If-None-Match")
    current = str(version)
    if tags is None or any(opaque == current for _weak, opaque in tags):
        return HttpResponse(status=304, headers={"ETag": etag(version)})
    return None


def precondition_failed(request, version: int) -> HttpResponse | None:
    """The 428/412/400 to send instead of applying a write, or None when If-Match holds the
    current ETag (strongly)."""
    header = request.headers.get("If-Match")
    tag = {"ETag": etag(version)}
    if not header or not header.strip():
        return problem(
            428,
            "Send If-Match with the ETag you read, so concurrent edits are not lost.",
            headers=tag,
            version=version,
        )
    try:
        tags = parse_tags(header)
    except MalformedTags:
        return _bad_header("If-Match")
    if tags is None:
        return problem(
            428,
            'If-Match: * does not say which version you edited: send the ETag you read, e.g. "3".',
            headers=tag,
            version=version,
        )
    if any(not weak and opaque == str(version) for weak, opaque in tags):
        return None
    return problem(
        412,
        "The incident changed since you read it: reload and reapply your edit.",
        headers=tag,
        version=version,
    )
