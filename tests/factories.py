"""factory_boy factories: test data that says what it is, for every app's tests."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from incidents.models import Actor, Attribution, Claim, Incident, Place
from sources.models import Citation, Outlet, SourceArticle


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"place-{n}")
    name_en = factory.Sequence(lambda n: f"Base {n}")
    name_ar = factory.Sequence(lambda n: f"قاعدة {n}")
    kind = Place.Kind.AIR_BASE
    country = "IQ"
    admin1 = "Anbar"
    latitude = 33.8
    longitude = 42.44


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"actor-{n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")
    name_ar = factory.Sequence(lambda n: f"فصيل {n}")
    kind = Actor.Kind.ARMED_GROUP
    country = "IQ"


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    status = Incident.Status.PUBLISHED
    date_start = dt.date(2022, 1, 4)
    date_end = factory.LazyAttribute(lambda i: i.date_start)
    place = factory.SubFactory(PlaceFactory)
    weapon = "drone"
    launched = 2
    intercepted = 2
    summary_en = "Two drones were shot down over the base."
    summary_ar = "إسقاط طائرتين مسيرتين فوق القاعدة."


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"outlet-{n}")
    name_en = factory.Sequence(lambda n: f"Outlet {n}")
    name_ar = factory.Sequence(lambda n: f"منفذ {n}")


class SourceArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceArticle

    url = factory.Sequence(lambda n: f"https://news.example.org/article/{n}")
    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Drones shot down over base ({n})")
    published_on = dt.date(2022, 1, 4)
    language = "ar"
    text = "تم اعتراض طائرتين مسيرتين استهدفتا القاعدة."


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    article = factory.SubFactory(SourceArticleFactory)
    incident = factory.SubFactory(IncidentFactory)
    quote = "تم اعتراض طائرتين مسيرتين"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    incident = factory.SubFactory(IncidentFactory)
    actor = factory.SubFactory(ActorFactory, kind=Actor.Kind.FRONT_GROUP)
    channel = Claim.Channel.TELEGRAM
    source = factory.SubFactory(SourceArticleFactory)


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    incident = factory.SubFactory(IncidentFactory)
    actor = factory.SubFactory(ActorFactory)
    attributed_by = Attribution.By.US_OFFICIAL
    source = factory.SubFactory(SourceArticleFactory)
