"""The fetcher against a real local server: what it reads from a page, the limits it keeps and
the addresses it refuses."""

import hashlib
import socket

import pytest
from django.core.exceptions import ValidationError

from fetching.http import fetch
from fetching.safety import FetchError, address_problem
from fetching.services import fetch_article, refetch, snapshot_attach
from incidents.services import source_create
from sources.models import Outlet, Snapshot


def test_an_arabic_page_gives_its_text_title_date_author_and_language(pages, db):
    result = fetch_article(url=pages + "/ar/story", user=None)
    fields = result.prefill
    assert fields["title"] == "هجوم بطائرة مسيرة على قاعدة تجريبية"
    assert "استهدفت فجر اليوم السبت قاعدة عين الأسد" in fields["text"]
    assert fields["published_on"] == "2024-02-03"
    assert fields["author"] == "مراسل الاختبار"
    assert fields["language"] == "ar"
    # The headline is the title field, not the text's first line a second time.
    assert fields["text"].startswith("قالت مصادر محلية")
    # Menus, the sidebar and the footer are not the article.
    for chrome in ("من نحن", "الأكثر قراءة", "جميع الحقوق محفوظة"):
        assert chrome not in fields["text"]


def test_an_old_photo_caption_is_kept_apart_from_the_story(pages, db):
    result = fetch_article(url=pages + "/ar/story", user=None)
    assert "صورة أرشيفية" not in result.prefill["text"]
    assert result.captions == ["صورة أرشيفية للقاعدة من عام 2019"]


def test_an_english_page_and_a_compressed_one(pages, db):
    plain = fetch_article(url=pages + "/en/story", user=None).prefill
    packed = fetch_article(url=pages + "/en/gzip", user=None).prefill
    assert plain["language"] == packed["language"] == "en"
    assert plain["text"] == packed["text"]
    assert "Two rockets were fired on Saturday" in plain["text"]
    assert plain["published_on"] == "2023-11-18" and plain["author"] == "Test Reporter"


def test_the_snapshot_keeps_the_bytes_their_hash_and_where_they_came_from(pages, db):
    result = fetch_article(url=pages + "/moved", user=None)
    snap = result.snapshot
    assert snap.requested_url == pages + "/moved"
    assert snap.final_url == pages + "/ar/story"
    assert snap.http_status == 200
    assert snap.content_type.startswith("text/html")
    assert snap.sha256 == hashlib.sha256(bytes(snap.body)).hexdigest()
    assert snap.size == len(bytes(snap.body)) and "عين الأسد" in bytes(snap.body).decode()
    assert snap.fetched_at is not None


def test_refetching_adds_a_snapshot_only_when_the_page_changed(pages, db, alice):
    first = fetch_article(url=pages + "/changing", user=alice)
    article = source_create(
        user=alice, url=first.prefill["url"], title="t", text=first.prefill["text"]
    )
    snapshot_attach(snapshot_id=first.snapshot.pk, article=article)
    again = refetch(article=article, user=alice)  # second request: same bytes
    assert again.changed is False and again.snapshot.pk == first.snapshot.pk
    changed = refetch(article=article, user=alice)  # third: the page now says "heavy"
    assert changed.changed is True and changed.existing == article
    assert article.snapshots.count() == 2
    assert {s.sha256 for s in article.snapshots.all()} == {
        first.snapshot.sha256,
        changed.snapshot.sha256,
    }


def test_fetching_before_intake_twice_does_not_pile_up_copies(pages, db):
    one = fetch_article(url=pages + "/en/story", user=None)
    two = fetch_article(url=pages + "/en/story", user=None)
    assert one.snapshot.pk == two.snapshot.pk
    assert Snapshot.objects.count() == 1


def test_a_link_already_recorded_is_reported(pages, db, alice):
    first = fetch_article(url=pages + "/en/story", user=alice)
    article = source_create(user=alice, url=pages + "/en/story", title="t", text="x")
    snapshot_attach(snapshot_id=first.snapshot.pk, article=article)
    again = fetch_article(url=pages + "/en/story", user=alice)
    assert again.existing == article


def test_the_outlet_is_recognised_by_its_website(pages, db):
    Outlet.objects.create(slug="test-wire", name_en="Test Wire", website=pages + "/")
    assert fetch_article(url=pages + "/en/story", user=None).prefill["outlet"] == "test-wire"


def test_nothing_but_the_request_is_sent(pages, db):
    from tests.fetching.conftest import Pages

    fetch(pages + "/en/story")
    headers = {k.lower() for k in Pages.seen_headers[-1]}
    assert "cookie" not in headers and "authorization" not in headers


@pytest.mark.parametrize(
    "path, words",
    [
        ("/report.pdf", "not a web page"),
        ("/missing", "404"),
        ("/loop", "redirects more than"),
        ("/big", "larger than"),
        ("/big-gzip", "larger than"),
        ("/slow", "too long"),
        ("/trickle", "too long"),
        ("/to-private", "private"),
    ],
)
def test_each_limit_has_its_own_clear_message(pages, db, path, words):
    with pytest.raises(ValidationError) as caught:
        fetch_article(url=pages + path, user=None)
    assert words in str(caught.value.message_dict["url"])
    assert Snapshot.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/admin/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://0x7f.0.0.1/",
    ],
)
def test_local_private_and_reserved_addresses_are_refused(url, db, pages):
    with pytest.raises(ValidationError) as caught:
        fetch_article(url=url, user=None)
    message = str(caught.value.message_dict["url"])
    assert "private" in message or "could not be found" in message or "not a web" in message


def test_the_test_exemption_covers_only_the_test_servers_port(pages, page_server):
    host, port = page_server.server_address[:2]
    assert address_problem(host, port) is None
    assert address_problem(host, port + 1) is not None


@pytest.mark.parametrize(
    "url, words",
    [
        ("ftp://example.org/file", "Only http"),
        ("file:///etc/passwd", "Only http"),
        ("http://user:secret@example.org/", "password"),
        ("https:///nohost", "no host"),
    ],
)
def test_only_plain_web_links_are_fetched(url, words):
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert words in caught.value.message


def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch, db):
    """A public-looking name that points inside the network (or rebinds to it) is checked
    after resolution, on the address actually connected to."""

    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.8.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(ValidationError) as caught:
        fetch_article(url="https://news.example.org/story", user=None)
    assert "10.9.8.7" in str(caught.value.message_dict["url"])
