"""Actor pages (claims apart from attributions) and source pages (metadata, never the text)."""

from incidents.models import Actor, Incident
from tests.factories import (
    ActorFactory,
    AttributionFactory,
    CitationFactory,
    ClaimFactory,
    IncidentFactory,
    SourceArticleFactory,
)


def test_demo_actor_page(client, demo, django_assert_num_queries):
    actor = Actor.objects.filter(claims__isnull=False).first()
    with django_assert_num_queries(4):
        response = client.get(actor.get_absolute_url())
    assert response.status_code == 200
    assert actor.name_en in response.content.decode()


def test_claims_and_attributions_are_listed_apart(client, db, django_assert_num_queries):
    umbrella = ActorFactory(slug="irii", name_en="Islamic Resistance in Iraq", kind="umbrella")
    front = ActorFactory(slug="front", name_en="Front Group", parent=umbrella)
    claimed = IncidentFactory(summary_en="claimed one")
    blamed = IncidentFactory(summary_en="blamed one")
    ClaimFactory(actor=umbrella, incident=claimed, quote="we did it")
    AttributionFactory(actor=umbrella, incident=blamed, quote="officials blame them")
    ClaimFactory(
        actor=umbrella, incident=IncidentFactory(status=Incident.Status.DRAFT), quote="draft claim"
    )
    with django_assert_num_queries(4):
        page = client.get("/actors/irii/").content.decode()
    claims, attributions = page.split('id="claims-h"')[1].split('id="attributions-h"')
    assert "we did it" in claims and "officials blame them" not in claims
    assert "officials blame them" in attributions
    assert "draft claim" not in page
    assert f'href="{front.get_absolute_url()}"' in page  # its front group
    assert 'href="/actors/front/"' in page
    front_page = client.get("/actors/front/").content.decode()
    assert 'href="/actors/irii/"' in front_page  # and back to the umbrella


def test_unknown_actor_is_404(client, db):
    assert client.get("/actors/nobody/").status_code == 404


def test_source_page_shows_metadata_and_quotes_never_text(client, db, django_assert_num_queries):
    article = SourceArticleFactory(
        title="Drones over Ain al-Asad", text="FULL TEXT تم اعتراض طائرتين مسيرتين استهدفتا"
    )
    CitationFactory(article=article, quote="تم اعتراض طائرتين مسيرتين")
    CitationFactory(
        article=article, quote="طائرتين", incident=IncidentFactory(status=Incident.Status.DRAFT)
    )
    ClaimFactory(source=article, quote="claim quoted")
    # 5: the page, its outlet, citations, claims, attributions and its latest snapshot
    with django_assert_num_queries(5):
        response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert "Drones over Ain al-Asad" in page
    assert article.url in page
    assert "تم اعتراض طائرتين مسيرتين" in page
    assert "FULL TEXT" not in page
    assert page.count('class="quote"') == 2  # the published citation and the claim, not the draft


def test_unknown_source_is_404(client, db):
    assert client.get("/sources/999999/").status_code == 404
