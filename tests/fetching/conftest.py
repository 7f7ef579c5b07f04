"""A real HTTP server on 127.0.0.1 serving pages written for these tests, and the one setting
that lets the fetcher reach it (everything else local stays refused)."""

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARABIC_PAGE = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>هجوم بطائرة مسيرة على قاعدة تجريبية | موقع الاختبار</title>
<meta property="article:published_time" content="2024-02-03T08:15:00+03:00">
<meta name="author" content="مراسل الاختبار">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/about">من نحن</a></nav>
<article>
<h1>هجوم بطائرة مسيرة على قاعدة تجريبية</h1>
<figure><img src="/old.jpg" alt="">
<figcaption>صورة أرشيفية للقاعدة من عام 2019</figcaption></figure>
<p>قالت مصادر محلية إن طائرة مسيرة استهدفت فجر اليوم السبت قاعدة عين الأسد في محافظة الأنبار
غربي العراق، من دون أن تسفر عن خسائر بشرية.</p>
<p>وأضافت المصادر أن الدفاعات الجوية تصدت للطائرة قبل وصولها إلى هدفها، وأن الحادث قيد التحقيق.</p>
</article>
<aside>الأكثر قراءة: أخبار الطقس والرياضة</aside>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"""

ENGLISH_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Rockets fired at a test base - Test Wire</title>
<meta property="article:published_time" content="2023-11-18">
<meta name="author" content="Test Reporter">
</head><body>
<header>Test Wire - World - Middle East</header>
<article>
<h1>Rockets fired at a test base</h1>
<p>Two rockets were fired on Saturday at the Ain al-Asad air base in western Iraq, officials
said, adding that no one was hurt and the damage was light.</p>
<p>No group claimed the attack by Saturday evening, the officials added in a written statement.</p>
</article>
<footer>Subscribe to our newsletter</footer>
</body></html>"""


class Pages(BaseHTTPRequestHandler):
    changing = {"n": 0}
    seen_headers: list = []

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901, N802
        Pages.seen_headers.append(dict(self.headers))
        path = self.path
        if path == "/ar/story":
            self._send(200, ARABIC_PAGE.encode())
        elif path == "/en/story":
            self._send(200, ENGLISH_PAGE.encode())
        elif path == "/en/gzip":
            body = gzip.compress(ENGLISH_PAGE.encode())
            self._send(200, body, headers=[("Content-Encoding", "gzip")])
        elif path == "/moved":
            self._send(302, headers=[("Location", "/ar/story")])
        elif path == "/loop":
            self._send(302, headers=[("Location", "/loop")])
        elif path == "/to-private":
            self._send(302, headers=[("Location", "http://10.1.2.3/inside")])
        elif path == "/big":
            self._send(200, b"<html><body>" + b"x" * (6 * 1024 * 1024) + b"</body></html>")
        elif path == "/big-gzip":  # 6 MB of page in a few kilobytes on the wire
            body = gzip.compress(b"<html><body>" + b"a" * (6 * 1024 * 1024) + b"</body></html>")
            self._send(200, body, headers=[("Content-Encoding", "gzip")])
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.4 not a page", content_type="application/pdf")
        elif path == "/missing":
            self._send(404, b"<html>gone</html>")
        elif path == "/slow":
            time.sleep(2)
            self._send(200, ENGLISH_PAGE.encode())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>.</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif path == "/changing":
            Pages.changing["n"] += 1
            version = 1 if Pages.changing["n"] < 3 else 2
            page = ENGLISH_PAGE.replace("light", "light" if version == 1 else "heavy")
            self._send(200, page.encode())
        else:
            self._send(404, b"no such page")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the fetcher hanging up on an oversized or slow page is the point of those tests


@pytest.fixture(scope="session")
def page_server():
    server = QuietServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture
def pages(page_server, settings):
    """The base URL of the test pages, with the fetcher allowed to reach only that server."""
    host, port = page_server.server_address[:2]
    settings.SALVO_FETCH_ALLOW = [(host, port)]
    settings.SALVO_FETCH_TIMEOUT = 1.0
    Pages.changing["n"] = 0
    Pages.seen_headers.clear()
    return f"http://{host}:{port}"
