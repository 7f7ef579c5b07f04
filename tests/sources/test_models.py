import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import SourceArticle, content_hash, normalize_url
from tests.factories import CitationFactory, OutletFactory, SourceArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "spelling",
    [
        "https://www.example.org/news/attack?utm_source=x&id=7",
        "http://example.org/news/attack/?id=7#comments",
        "HTTPS://EXAMPLE.ORG/news/attack?fbclid=abc&id=7",
    ],
)
def test_one_article_has_one_url_however_it_is_pasted(spelling):
    assert normalize_url(spelling) == "https://example.org/news/attack?id=7"


def test_a_known_url_is_refused_with_the_existing_title():
    SourceArticleFactory(url="https://example.org/a", title="First report")
    duplicate = SourceArticleFactory.build(url="http://www.example.org/a/", outlet=OutletFactory())
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "First report" in caught.value.message_dict["url"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_articles_without_url_may_coexist():
    SourceArticleFactory(url="")
    SourceArticleFactory(url="")
    assert SourceArticle.objects.filter(url="").count() == 2


def test_same_text_gets_the_same_hash_despite_spelling_and_spacing():
    article = SourceArticleFactory(text="تم اعتراض  طائرتين مسيّرتين\nفوق القاعدة")
    assert article.content_hash == content_hash("تم اعتراض طائرتين مسيرتين فوق القاعده")
    assert article.content_hash != content_hash("تم اعتراض ثلاث طائرات")


def test_wire_agency_cannot_be_the_outlet_itself():
    outlet = OutletFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceArticleFactory(outlet=outlet, wire_agency=outlet)


def test_a_citation_quote_must_come_from_the_article():
    citation = CitationFactory.build(
        article=SourceArticleFactory(text="سقط صاروخ قرب القاعدة"),
        incident=CitationFactory().incident,
        quote="أسقطت ثلاث طائرات",
    )
    with pytest.raises(ValidationError) as caught:
        citation.full_clean()
    assert "does not appear" in caught.value.message_dict["quote"][0]
    citation.quote = "سقط صاروخ"
    citation.full_clean()


def test_one_citation_per_article_and_incident():
    citation = CitationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CitationFactory(article=citation.article, incident=citation.incident)


def test_a_source_cannot_report_more_intercepted_than_launched():
    with pytest.raises(IntegrityError), transaction.atomic():
        CitationFactory(reported_launched=2, reported_intercepted=3)
