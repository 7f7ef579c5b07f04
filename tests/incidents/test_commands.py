import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from incidents.models import Incident
from incidents.synthetic import ID_PREFIX, synthetic_count


def test_demo_accounts_are_refused_outside_the_local_demo(db, settings):
    settings.LOCAL_DEMO = settings.DEBUG = False
    with pytest.raises(CommandError, match="local demo only"):
        call_command("load_demo", "--with-users", verbosity=0)


def test_demo_accounts_sign_in_with_their_roles(db, settings, capsys):
    settings.LOCAL_DEMO = True
    call_command("load_demo", "--with-users")
    printed = capsys.readouterr().out
    assert "editor / salvo-editor" in printed
    editor = authenticate(username="editor", password="salvo-editor")
    assert editor is not None and editor.groups.filter(name="editor").exists()
    assert authenticate(username="admin", password="salvo-admin").is_superuser


@pytest.mark.parametrize(
    ("addr", "link"),
    [("0.0.0.0:9100", "http://0.0.0.0:9100/admin/"), ("9200", "http://127.0.0.1:9200/admin/")],
)
def test_the_sign_in_link_printed_is_the_address_dev_run_serves(
    db, settings, capsys, monkeypatch, addr, link
):
    settings.LOCAL_DEMO = True
    monkeypatch.setenv("SALVO_ADDR", addr)
    call_command("load_demo", "--with-users")
    assert link in capsys.readouterr().out


def test_generate_incidents_adds_marked_valid_rows_and_clear_removes_them(demo):
    call_command("generate_incidents", "--count", "300", "--seed", "7", verbosity=0)
    assert synthetic_count() == 300
    sample = Incident.objects.filter(public_id__startswith=ID_PREFIX)
    for incident in sample[:100]:
        incident.full_clean()
    assert sample.filter(citations__isnull=False).distinct().count() == 300
    assert sample.filter(status="published").count() > 250
    call_command("generate_incidents", "--count", "300", "--total", verbosity=0)
    assert synthetic_count() == 300
    call_command("generate_incidents", "--count", "0", "--clear", verbosity=0)
    assert synthetic_count() == 0
    assert Incident.objects.count() == 8


def test_a_gazetteer_of_thousands_of_synthetic_places_and_its_removal(demo):
    from django.db.models import Count

    from incidents.models import Place
    from incidents.synthetic import PLACE_BOXES, PLACE_PREFIX

    real = Place.objects.count()
    call_command("generate_incidents", "--places", "2000", "--count", "3000", verbosity=0)
    synthetic = Place.objects.filter(slug__startswith=PLACE_PREFIX)
    assert synthetic.count() == 2000
    for place in synthetic[:200]:
        place.full_clean()
        (south, north), (west, east) = PLACE_BOXES[place.country]
        assert south <= place.latitude <= north and west <= place.longitude <= east
    per_place = sorted(
        Incident.objects.values("place").annotate(n=Count("id")).values_list("n", flat=True)
    )
    assert len(per_place) > 500  # the attacks spread over the new sites...
    assert per_place[-1] > 10 * per_place[len(per_place) // 2]  # ...a few taking most
    call_command("generate_incidents", "--places", "2000", "--count", "0", verbosity=0)
    assert synthetic.count() == 2000  # already there: nothing added
    call_command("generate_incidents", "--count", "0", "--clear", verbosity=0)
    assert synthetic.count() == 0 and Place.objects.count() == real
