"""An incident's version (its ETag) and updated_at move whenever anything its JSON shows
changes, in the same transaction: a sync client polling `updated_since`, and a cache holding
the ETag, never keep an old copy (issue 14, point 3)."""

import pytest
from django.test import Client

from incidents import services
from tests.factories import (
    ActorFactory,
    CitationFactory,
    IncidentFactory,
    OutletFactory,
    SourceArticleFactory,
)

URL = "/api/v1/incidents/{}/"


@pytest.fixture
def incident(db):
    incident = IncidentFactory()
    CitationFactory(incident=incident, article=SourceArticleFactory(outlet=OutletFactory()))
    return incident


def etag_and_time(incident):
    response = Client().get(URL.format(incident.public_id))
    return response["ETag"], response.json()["updated_at"]


def moved(incident, change) -> bool:
    before = etag_and_time(incident)
    change()
    after = etag_and_time(incident)
    assert (before[0] == after[0]) == (before[1] == after[1]), (before, after)
    # A client that sends its old ETag gets the new copy, not a 304.
    revalidate = Client().get(URL.format(incident.public_id), HTTP_IF_NONE_MATCH=before[0])
    return before != after and revalidate.status_code == 200


def test_a_new_citation(incident, alice):
    article = SourceArticleFactory(text="طائرتان مسيرتان")
    assert moved(
        incident,
        lambda: services.citation_create(
            user=alice, article=article, incident=incident, quote="طائرتان"
        ),
    )


def test_a_claim_and_an_attribution(incident, alice):
    article = incident.citations.get().article
    group = ActorFactory(kind="front_group")
    assert moved(
        incident,
        lambda: services.claim_create(user=alice, incident=incident, actor=group, source=article),
    )
    assert moved(
        incident,
        lambda: services.attribution_create(
            user=alice, incident=incident, actor=group, attributed_by="media", source=article
        ),
    )


def test_the_cited_articles_title(incident, alice):
    article = incident.citations.get().article
    assert moved(
        incident,
        lambda: services.source_update(article=article, user=alice, changes={"title": "New"}),
    )


def test_the_outlets_name(incident, root):
    outlet = incident.citations.get().article.outlet

    def rename():
        outlet.name_en = "Renamed Outlet"
        services.outlet_save(outlet=outlet, user=root)

    assert moved(incident, rename)


def test_the_place_and_an_actors_name(incident, root):
    place = incident.place

    def rename_place():
        place.name_en = "Renamed Base"
        services.place_save(place=place, user=root)

    assert moved(incident, rename_place)
    force = ActorFactory(kind="state_force")
    incident.targeted_forces.add(force)

    def rename_force():
        force.name_en = "Renamed Force"
        services.actor_save(actor=force, user=root)

    assert moved(incident, rename_force)


def test_through_the_api_and_updated_since_reports_it(incident, alice, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=alice).key
    article = incident.citations.get().article
    since = etag_and_time(incident)[1]
    response = client.patch(
        f"/api/v1/sources/{article.pk}/",
        '{"title": "Corrected headline"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 200
    rows = client.get("/api/v1/incidents/", {"updated_since": since}).json()["results"]
    assert [r["public_id"] for r in rows] == [incident.public_id]


def test_through_the_admin(incident, root):
    client = Client()
    client.force_login(root)
    article = incident.citations.get().article
    before = etag_and_time(incident)
    response = client.post(
        f"/admin/sources/sourcearticle/{article.pk}/change/",
        {
            "title": "Edited in the admin",
            "url": article.url,
            "outlet": article.outlet_id,
            "published_on": article.published_on.isoformat(),
            "language": article.language,
            "text": article.text,
            "citations-TOTAL_FORMS": 0,
            "citations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert etag_and_time(incident) != before


def test_deleting_a_targeted_force_in_the_admin(incident, root):
    force = ActorFactory(kind="state_force")
    incident.targeted_forces.add(force)
    client = Client()
    client.force_login(root)

    def delete_in_admin():
        response = client.post(f"/admin/incidents/actor/{force.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302

    assert moved(incident, delete_in_admin)
    shown = Client().get(URL.format(incident.public_id)).json()["targeted_forces"]
    assert force.slug not in [f["slug"] for f in shown]


def test_an_unrelated_change_leaves_it_alone(incident, root):
    other = IncidentFactory()
    assert not moved(
        incident, lambda: services.place_save(place=other.place, user=root, reason="rename")
    )
