"""POST /api/v1/sources/fetch/ and recording what it read: a client fetches a link, gets the
fields and the archived snapshot's hash, records the article with that snapshot, and sees the
snapshots in the source's detail; refusals are 400s naming `url`."""

# ruff: noqa: F811 - the local page server's fixtures are imported, then used as arguments
import hashlib

import pytest

from sources.models import Snapshot, SourceArticle
from tests.fetching.conftest import ARABIC_PAGE, page_server, pages  # noqa: F401

URL = "/api/v1/sources/fetch/"


def test_an_editor_fetches_a_link_and_records_it_with_its_snapshot(client_for, alice, pages):
    editor = client_for(alice)
    response = editor.post(URL, {"url": pages + "/moved"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    snap = body["snapshot"]
    assert snap["sha256"] == hashlib.sha256(ARABIC_PAGE.encode()).hexdigest()
    assert snap["final_url"] == pages + "/ar/story"  # after the redirect
    assert (snap["http_status"], snap["article"], body["existing"]) == (200, None, None)
    fields = body["fields"]
    assert fields["title"] == "هجوم بطائرة مسيرة على قاعدة تجريبية"
    assert (fields["language"], fields["published_on"]) == ("ar", "2024-02-03")
    assert fields["author"] == "مراسل الاختبار"
    assert "عين الأسد" in fields["text"]
    assert body["captions"] == ["صورة أرشيفية للقاعدة من عام 2019"]
    assert SourceArticle.objects.count() == 0  # nothing recorded until the client confirms

    created = editor.post(
        "/api/v1/sources/",
        {
            "url": fields["url"],
            "title": fields["title"],
            "author": fields["author"],
            "published_on": fields["published_on"],
            "language": fields["language"],
            "text": fields["text"],
            "snapshot": snap["id"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    article = created.json()
    assert article["author"] == "مراسل الاختبار"
    assert [s["sha256"] for s in article["snapshots"]] == [snap["sha256"]]
    assert Snapshot.objects.get().article_id == article["id"]
    assert article["retrieved_at"] is not None  # the fetch time becomes the retrieval time

    detail = editor.get(f"/api/v1/sources/{article['id']}/").json()
    assert detail["snapshots"][0]["sha256"] == snap["sha256"]
    assert "body" not in detail["snapshots"][0]  # metadata only, never the bytes


def test_a_snapshot_stays_with_its_first_article(client_for, alice, pages):
    editor = client_for(alice)
    snap = editor.post(URL, {"url": pages + "/ar/story"}, format="json").json()["snapshot"]
    first = {"title": "One", "url": pages + "/ar/story", "snapshot": snap["id"]}
    assert editor.post("/api/v1/sources/", first, format="json").status_code == 201
    second = {"title": "Two", "url": "https://example.org/two", "snapshot": snap["id"]}
    response = editor.post("/api/v1/sources/", second, format="json")
    assert response.status_code == 400
    assert "snapshot" in response.json()["errors"]
    assert SourceArticle.objects.count() == 1


def test_fetching_a_recorded_link_again_names_it_and_archives_only_changes(
    client_for, alice, pages
):
    editor = client_for(alice)
    first = editor.post(URL, {"url": pages + "/changing"}, format="json").json()
    editor.post(
        "/api/v1/sources/",
        {"title": "A page", "url": first["fields"]["url"], "snapshot": first["snapshot"]["id"]},
        format="json",
    )
    article = SourceArticle.objects.get()
    again = editor.post(URL, {"url": pages + "/changing"}, format="json").json()
    assert again["existing"] == article.pk
    assert again["changed"] is False
    assert article.snapshots.count() == 1
    changed = editor.post(URL, {"url": pages + "/changing"}, format="json").json()
    assert changed["changed"] is True
    assert changed["snapshot"]["article"] == article.pk
    assert article.snapshots.count() == 2


@pytest.mark.parametrize(
    "path_or_url, words",
    [
        ("http://10.0.0.7/news", "does not fetch from 10.0.0.7"),
        ("http://127.0.0.1:9/news", "does not fetch from 127.0.0.1"),
        ("http://[::ffff:192.168.1.1]/", "private or reserved address"),
        ("ftp://example.org/file", "http"),
        ("/to-private", "does not fetch from 10.1.2.3"),
        ("/report.pdf", "not a web page"),
        ("/missing", "404"),
        ("/big", "5 MB"),
    ],
)
def test_refusals_are_400s_naming_the_url(client_for, alice, pages, path_or_url, words):
    url = pages + path_or_url if path_or_url.startswith("/") else path_or_url
    response = client_for(alice).post(URL, {"url": url}, format="json")
    assert response.status_code == 400, response.content
    messages = " ".join(response.json()["errors"]["url"])
    assert words.lower() in messages.lower()
    assert Snapshot.objects.count() == 0


def test_only_editors_fetch(api, client_for, bob, pages):
    assert api.post(URL, {"url": pages + "/en/story"}, format="json").status_code == 401
    assert client_for(bob).post(URL, {"url": pages + "/en/story"}, format="json").status_code == 403
    assert Snapshot.objects.count() == 0


def test_a_missing_url_is_named(client_for, alice):
    response = client_for(alice).post(URL, {}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()["errors"]
