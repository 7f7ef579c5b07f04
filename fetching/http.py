"""One careful GET. Every hop's host is resolved here, every address it resolves to is checked
(`safety.address_problem`), and the connection goes to the checked address, so a name that
resolves differently a moment later (DNS rebinding) cannot slip past. Redirects are followed by
hand, each one checked again; time, size and redirects are capped; nothing is sent but the
request itself (no cookies, no credentials)."""

import socket
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .safety import FetchError, address_problem

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "Salvo article archiver (+https://github.com/salvo-catalogue)"
CHUNK = 64 * 1024


@dataclass
class Fetched:
    requested_url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    redirects: int


def _limits():
    return (
        float(getattr(settings, "SALVO_FETCH_TIMEOUT", 10)),
        int(getattr(settings, "SALVO_FETCH_MAX_BYTES", 5 * 1024 * 1024)),
        int(getattr(settings, "SALVO_FETCH_MAX_REDIRECTS", 5)),
    )


def check_url(url: str):
    """The parts of a URL Salvo may fetch, or FetchError saying why not."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError(_("This is not a web address Salvo can fetch.")) from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(_("Only http:// and https:// links can be fetched."))
    if parts.username or parts.password:
        raise FetchError(_("Links with a user name or password in them are not fetched."))
    if not parts.hostname:
        raise FetchError(_("This link has no host name."))
    return parts, port or (443 if parts.scheme == "https" else 80)


def _resolve(host: str, port: int) -> str:
    """The one address to connect to, once every address `host` resolves to is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(_("The host %(h)s could not be found.") % {"h": host}) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        problem = address_problem(address, port)
        if problem:
            raise FetchError(problem)
    if not addresses:
        raise FetchError(_("The host %(h)s could not be found.") % {"h": host})
    return addresses[0]


def _pool(parts, port: int, address: str, timeout: float):
    hostname = parts.hostname
    common = {
        "port": port,
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if parts.scheme == "https":
        # Connect to the checked address but verify the certificate for the name.
        return urllib3.HTTPSConnectionPool(
            address,
            server_hostname=hostname,
            assert_hostname=hostname,
            cert_reqs="CERT_REQUIRED",
            **common,
        )
    return urllib3.HTTPConnectionPool(address, **common)


def _read(response, *, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_big(max_bytes))
    chunks, size = [], 0
    while True:
        # read1 returns what one read brings, so a site that trickles bytes still meets the
        # deadline (read(n) would wait for all n bytes).
        chunk = response.read1(CHUNK, decode_content=True)
        if not chunk:  # only at the end of the body
            break
        size += len(chunk)
        if size > max_bytes:  # counted after decompression: a small gzip cannot grow past it
            raise FetchError(_too_big(max_bytes))
        if time.monotonic() > deadline:
            raise FetchError(_too_slow())
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(max_bytes):
    return _("The page is larger than %(mb)s MB; Salvo does not keep pages that large.") % {
        "mb": f"{max_bytes / 1024 / 1024:.3g}"
    }


def _too_slow():
    return _("The site took too long to answer; try again later or paste the text.")


def fetch(url: str) -> Fetched:
    """GET `url` as the editor would see it in a browser, or FetchError with the reason."""
    timeout, max_bytes, max_redirects = _limits()
    deadline = time.monotonic() + timeout * 2
    current, hops = url.strip(), 0
    while True:
        parts, port = check_url(current)
        address = _resolve(parts.hostname, port)
        host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        if ":" in parts.hostname:
            host_header = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        pool = _pool(parts, port, address, timeout)
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers={
                    "Host": host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                    "Accept-Encoding": "gzip, deflate",
                    "Accept-Language": "ar,en;q=0.8",
                },
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.TimeoutError:
            raise FetchError(_too_slow()) from None
        except urllib3.exceptions.SSLError:
            raise FetchError(
                _("The site's secure connection could not be verified (certificate problem).")
            ) from None
        except (urllib3.exceptions.HTTPError, OSError):
            raise FetchError(
                _("Salvo could not connect to %(h)s.") % {"h": parts.hostname}
            ) from None
        try:
            if response.status in REDIRECTS and response.headers.get("Location"):
                hops += 1
                if hops > max_redirects:
                    raise FetchError(
                        _(
                            "The link redirects more than %(n)s times; "
                            "open it and paste where it ends."
                        )
                        % {"n": max_redirects}
                    )
                current = urljoin(current, response.headers["Location"])
                continue
            if response.status >= 400:
                raise FetchError(
                    _("The site answered %(status)s %(reason)s: there is no page to keep.")
                    % {"status": response.status, "reason": response.reason or ""},
                    status=response.status,
                )
            content_type = response.headers.get("Content-Type", "")
            if content_type.split(";", 1)[0].strip().lower() not in HTML_TYPES:
                raise FetchError(
                    _("The link is not a web page (%(type)s). Salvo fetches HTML articles.")
                    % {"type": content_type or _("no content type")}
                )
            try:
                body = _read(response, max_bytes=max_bytes, deadline=deadline)
            except urllib3.exceptions.TimeoutError:
                raise FetchError(_too_slow()) from None
            except (urllib3.exceptions.HTTPError, OSError):
                raise FetchError(_("The connection broke while the page was read.")) from None
            return Fetched(
                requested_url=url.strip(),
                final_url=current,
                status=response.status,
                content_type=content_type[:200],
                body=body,
                fetched_at=timezone.now(),
                redirects=hops,
            )
        finally:
            response.release_conn()
            pool.close()
