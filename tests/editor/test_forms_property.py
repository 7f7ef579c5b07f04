"""Property tests for the editor's forms (issue 13): whatever an editor types or pastes into any
field — other scripts, control characters, NUL, huge numbers, dates at the ends of the
calendar, megabytes of text — the page answers with the form and its messages (never a 500), and
what was typed comes back in the form; only valid input writes anything."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.models import Incident
from sources.models import SourceArticle

from .conftest import incident_form_data

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\u202e",
            "=cmd|' /C calc'!A0",
            "<script>alert(1)</script>",
            "9" * 40,
            "-1",
            "1e309",
            "9999-12-31",
            "0001-01-01",
            "٣",
            "ش" * 3000,
            "",
            " ",
        ]
    ),
)

INCIDENT_FIELDS = [
    "place",
    "date_start",
    "date_end",
    "date_precision",
    "weapon",
    "weapon_detail",
    "launched",
    "intercepted",
    "impacted",
    "killed",
    "wounded",
    "launch_site",
    "summary_en",
    "summary_ar",
    "quote",
    "role",
    "version",
]


@given(changes=st.dictionaries(st.sampled_from(INCIDENT_FIELDS), hostile_text, min_size=1))
@EXAMPLES
def test_the_new_incident_form_never_breaks(seed000, as_alice, changes):
    template = Incident.objects.get(public_id="SLV-S0000001")
    data = {**incident_form_data(template), "quote": "x", "role": "main", **changes}
    before = Incident.objects.count()
    response = as_alice.post(f"/editor/sources/{seed000.pk}/incidents/new/", data)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert Incident.objects.count() == before  # nothing half-written
        form = response.context["form"]
        assert form.errors
        for name, value in changes.items():
            if name in form.fields and "\x00" not in value and len(value) < 200:
                assert form.data.get(name) == value  # what was typed is still there


INTAKE_FIELDS = ["url", "title", "author", "published_on", "published_note", "language", "text"]


@given(changes=st.dictionaries(st.sampled_from(INTAKE_FIELDS), hostile_text, min_size=1))
@EXAMPLES
def test_the_intake_form_never_breaks(seed000, as_alice, changes):
    data = {
        "title": "عنوان",
        "text": "نص مقال تجريبي عن هجوم",
        "language": "ar",
        "published_on": "2024-01-02",
        **changes,
    }
    before = SourceArticle.objects.count()
    response = as_alice.post("/editor/sources/new/", data)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        assert SourceArticle.objects.count() == before
        assert response.context["form"].errors


@pytest.mark.parametrize("field", ["launched", "killed"])
def test_a_count_beyond_any_real_attack_is_a_message(seed000, as_alice, field):
    template = Incident.objects.get(public_id="SLV-S0000001")
    data = {**incident_form_data(template), "quote": "x", "role": "main", field: "9" * 30}
    response = as_alice.post(f"/editor/sources/{seed000.pk}/incidents/new/", data)
    assert response.status_code == 400 and field in response.context["form"].errors


def test_a_pasted_nul_is_removed_and_the_editor_told(seed000, as_alice):
    template = Incident.objects.get(public_id="SLV-S0000001")
    data = incident_form_data(template, place="[ain-al-asad]", weapon_detail="107\x00 mm")
    data.update(quote="\x00", role="main")  # a quote of nothing but the NUL: a form error
    response = as_alice.post(f"/editor/sources/{seed000.pk}/incidents/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "NUL character was removed from: weapon_detail, quote" in page
    assert response.context["form"].data["weapon_detail"] == "107 mm"
    assert "quote" in response.context["form"].errors
