"""The admin is the first editing tool: every list, search and change page renders and saves."""

import json

import pytest
from django.urls import reverse

from incidents.models import Incident, Place
from sources.models import Citation, SourceArticle

ADMIN_MODELS = [
    ("incidents", "place"),
    ("incidents", "actor"),
    ("incidents", "incident"),
    ("sources", "outlet"),
    ("sources", "sourcearticle"),
    ("sources", "citation"),
]


@pytest.fixture
def editor_client(client, alice, demo):
    client.force_login(alice)
    return client


@pytest.mark.parametrize(("app", "model"), ADMIN_MODELS)
def test_every_list_and_change_page_renders_for_an_editor(editor_client, app, model):
    listing = editor_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert listing.status_code == 200
    obj = listing.context["cl"].result_list[0]
    change = editor_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert editor_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("place", "عين الاسد", "Ain al-Asad Air Base"),
        ("place", "ayn al-asad", "Ain al-Asad Air Base"),
        ("place", "معسكر النصر", "Victory Base (Camp Nasr)"),
        ("actor", "المقاومة الاسلامية", "Islamic Resistance in Iraq"),
        ("incident", "كاتيوشا", "SLV-S0000003"),
        ("incident", "Katyusha", "SLV-S0000003"),
        ("sourcearticle", "عين الأسد", "العراق: هجومان خلال شهر"),
        ("outlet", "الترا صوت", "Ultra Sawt"),
    ],
)
def test_search_in_either_script(editor_client, model, query, expected):
    app = "sources" if model in ("sourcearticle", "outlet") else "incidents"
    response = editor_client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": query})
    shown = [str(getattr(o, "public_id", o)) for o in response.context["cl"].result_list]
    assert any(expected in s for s in shown), (query, shown)


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("place", {"kind": "air_base", "country": "IQ"}),
        ("incident", {"weapon": "rocket", "status": "published", "place__country": "SY"}),
    ],
)
def test_list_filters_narrow_the_list(editor_client, model, params):
    response = editor_client.get(reverse(f"admin:incidents_{model}_changelist"), params)
    rows = response.context["cl"].result_list
    assert len(rows) > 0
    if model == "incident":
        assert {(r.weapon, r.place.country) for r in rows} == {("rocket", "SY")}


def _incident_form(incident: Incident, **changes) -> dict:
    data = {
        "status": incident.status,
        "status_reason": incident.status_reason,
        "date_start": incident.date_start.isoformat(),
        "date_end": incident.date_end.isoformat(),
        "date_precision": incident.date_precision,
        "time_note": incident.time_note,
        "date_note": incident.date_note,
        "place": incident.place_id,
        "location_precision": incident.location_precision,
        "weapon": incident.weapon,
        "weapon_detail": incident.weapon_detail,
        "launched": incident.launched or "",
        "intercepted": incident.intercepted or "",
        "killed": "" if incident.killed is None else incident.killed,
        "summary_en": incident.summary_en,
        "summary_ar": incident.summary_ar,
        "editing_version": incident.version,
        "targeted_forces": [a.pk for a in incident.targeted_forces.all()],
    }
    for prefix, related in [
        ("casualties", incident.casualties.all()),
        ("citations", incident.citations.all()),
        ("claims", incident.claims.all()),
        ("attributions", incident.attributions.all()),
    ]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(related),
                f"{prefix}-INITIAL_FORMS": len(related),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, obj in enumerate(related):
            data[f"{prefix}-{i}-id"] = obj.pk
            data[f"{prefix}-{i}-incident"] = incident.pk
            for field in (
                "article",
                "role",
                "quote",
                "quote_language",
                "actor",
                "channel",
                "source",
                "attributed_by",
            ):
                if hasattr(obj, f"{field}_id"):
                    data[f"{prefix}-{i}-{field}"] = getattr(obj, f"{field}_id") or ""
                elif hasattr(obj, field):
                    data[f"{prefix}-{i}-{field}"] = getattr(obj, field)
    data.update(changes)
    return data


def test_editing_an_incident_saves_bumps_the_version_and_records_who(editor_client, alice):
    incident = Incident.objects.get(public_id="SLV-S0000003")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    response = editor_client.post(url, _incident_form(incident, weapon_detail="122 mm Katyusha"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    incident.refresh_from_db()
    assert incident.weapon_detail == "122 mm Katyusha"
    assert incident.version == 2
    assert incident.updated_by == alice
    assert incident.history.first().history_user == alice
    assert Citation.objects.filter(incident=incident).count() == 1


def test_invalid_values_are_refused_on_the_form_with_a_message(editor_client):
    incident = Incident.objects.get(public_id="SLV-S0000003")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    response = editor_client.post(url, _incident_form(incident, intercepted=9))
    assert response.status_code == 200
    assert "Cannot be more than the 4 launched" in response.content.decode()
    # What the editor typed is still in the form.
    assert response.context["adminform"].form["intercepted"].value() == "9"
    incident.refresh_from_db()
    assert incident.intercepted == 3


def test_totals_over_sides_are_refused_on_the_form_not_with_a_500(editor_client, alice):
    from incidents import services

    incident = Incident.objects.get(public_id="SLV-S0000003")
    incident = services.incident_update(
        incident=incident,
        user=alice,
        expected_version=incident.version,
        changes={},
        casualties=[{"party": "us_forces", "killed": 0}, {"party": "iraqi_forces", "killed": 0}],
    )
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    page = editor_client.get(url).content.decode()
    assert "casualties by side" in page.lower() and "Iraqi security forces" in page
    response = editor_client.post(url, _incident_form(incident, killed=4))
    assert response.status_code == 200
    assert "records casualties by side" in response.content.decode()
    incident.refresh_from_db()
    assert incident.killed == 0 and incident.casualties.count() == 2


def test_a_stale_form_is_refused_instead_of_overwriting(editor_client):
    incident = Incident.objects.get(public_id="SLV-S0000003")
    stale = _incident_form(incident, weapon_detail="mine")
    Incident.objects.filter(pk=incident.pk).update(version=5, weapon_detail="theirs")
    response = editor_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), stale
    )
    assert response.status_code == 200
    assert "Someone else saved this incident" in response.content.decode()
    incident.refresh_from_db()
    assert incident.weapon_detail == "theirs"


def test_adding_a_place_with_bad_coordinates_explains_why(editor_client):
    response = editor_client.post(
        reverse("admin:incidents_place_add"),
        {
            "name_en": "Nowhere",
            "name_ar": "لا مكان",
            "slug": "nowhere",
            "aliases": "[]",
            "kind": "camp",
            "country": "IQ",
            "latitude": "123",
            "longitude": "44",
            "location_precision": 1,
        },
    )
    assert response.status_code == 200
    assert "less than or equal to 90" in response.content.decode()
    assert not Place.objects.filter(slug="nowhere").exists()


def test_place_form_carries_the_map_picker_from_local_static(editor_client):
    place = Place.objects.get(slug="ain-al-asad")
    page = editor_client.get(reverse("admin:incidents_place_change", args=[place.pk]))
    html = page.content.decode()
    assert 'id="salvo-map-picker"' in html
    assert "/static/leaflet/leaflet.js" in html and "admin-map-picker.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_article_text_is_editable_in_admin(editor_client):
    article = SourceArticle.objects.filter(published_on__isnull=False).first()
    page = editor_client.get(reverse("admin:sources_sourcearticle_change", args=[article.pk]))
    assert page.status_code == 200


def test_people_without_a_role_cannot_open_the_admin(client, bob):
    client.force_login(bob)
    response = client.get(reverse("admin:incidents_incident_changelist"))
    assert response.status_code == 302


def _resubmit(page) -> dict:
    """The data a browser would post back for an admin change form left as it is."""
    forms = [page.context["adminform"].form]
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or getattr(field, "disabled", False):
                continue
            if isinstance(value, list | tuple) and not isinstance(value, str):
                value = [v for v in value if v is not None]
            elif hasattr(value, "pk"):
                value = value.pk
            elif name == "aliases" and not isinstance(value, str):
                value = json.dumps(value)
            data[form.add_prefix(name)] = value
    return data


@pytest.mark.parametrize(("app", "model"), ADMIN_MODELS)
def test_every_change_form_saves_unchanged(editor_client, app, model):
    listing = editor_client.get(reverse(f"admin:{app}_{model}_changelist"))
    obj = listing.context["cl"].result_list[0]
    url = reverse(f"admin:{app}_{model}_change", args=[obj.pk])
    response = editor_client.post(url, _resubmit(editor_client.get(url)))
    errors = response.context and response.context["adminform"].form.errors
    assert response.status_code == 302, errors
