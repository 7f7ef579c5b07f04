"""The copy of the database the benchmark gives Datasette holds only the public catalogue:
no drafts, article texts, users, password hashes, API tokens or sessions."""

import sqlite3

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from bench.api import cleaned_copy
from tests.factories import CitationFactory, IncidentFactory, SourceArticleFactory


@pytest.mark.django_db(transaction=True)
def test_the_datasette_copy_holds_only_public_data(tmp_path, alice):
    if connection.vendor != "sqlite":
        pytest.skip("Datasette serves SQLite files only")
    published = IncidentFactory(status="published")
    draft = IncidentFactory(status="draft")
    article = SourceArticleFactory(text="a private sentence nobody may read")
    CitationFactory(article=article, incident=published, quote="")
    Token.objects.create(user=alice)
    live = tmp_path / "live.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(live) as target:
        connection.connection.backup(target)

    copy = sqlite3.connect(cleaned_copy(str(live), str(tmp_path)))
    tables = {name for (name,) in copy.execute("SELECT name FROM sqlite_master")}
    assert not tables & {"auth_user", "authtoken_token", "django_session", "django_admin_log"}
    assert not any("historical" in t for t in tables)
    ids = {pid for (pid,) in copy.execute("SELECT public_id FROM incidents_incident")}
    assert published.public_id in ids and draft.public_id not in ids
    assert copy.execute("SELECT text FROM sources_sourcearticle").fetchall() == [("",)]
    assert b"private sentence" not in (tmp_path / "salvo_public.sqlite3").read_bytes()
