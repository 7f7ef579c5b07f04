"""python manage.py suggest_incidents: the scorer's JSON, a readable summary, clear failures."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
REPORT = "سقط صاروخان على قاعدة عين الأسد الجوية فجر اليوم، دون وقوع خسائر بشرية."


def run(*args):
    out = io.StringIO()
    call_command("suggest_incidents", *args, "--gazetteer", "fixtures", stdout=out)
    return out.getvalue()


def test_json_in_the_scorers_shape(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = json.loads(run(str(path), "--language", "ar", "--published", "2024-02-07", "--json"))
    (inc,) = result["incidents"]
    for key in (
        "background",
        "date_start",
        "date_end",
        "date_precision",
        "place",
        "weapon",
        "launched",
        "intercepted",
        "impacted",
        "killed",
        "wounded",
        "claimed_by",
        "attributed_to",
        "launch_site",
        "evidence",
    ):
        assert key in inc
    assert set(inc["place"]) >= {"slug", "name_en", "name_ar", "aliases"}
    assert (inc["place"]["slug"], inc["date_start"], inc["launched"], inc["killed"]) == (
        "ain-al-asad",
        "2024-02-07",
        2,
        0,
    )


def test_summary_quotes_the_words(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(REPORT, encoding="utf-8")
    text = run(str(path), "--language", "ar", "--published", "2024-02-07")
    assert "1 suggested incident" in text
    assert "« فجر اليوم »" in text


def test_standard_input(tmp_path):
    """FILE may be -: the command reads the article from standard input (a real process)."""
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "suggest_incidents",
            "-",
            "--language",
            "ar",
            "--published",
            "2024-02-07",
            "--json",
            "--gazetteer",
            "fixtures",
        ],
        input=REPORT.encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},  # no SECRET_KEY, no DATABASE_URL
    )
    assert out.returncode == 0, out.stderr.decode()
    assert json.loads(out.stdout)["incidents"][0]["launched"] == 2


@pytest.mark.parametrize(
    "content, args, message",
    [
        (b"", ["--language", "ar"], "text: The article text is empty"),
        (b"\xff\xfe\x00binary", ["--language", "ar"], "FILE: not UTF-8"),
        (REPORT.encode(), ["--language", "ar", "--published", "07/02/2024"], "--published"),
        (REPORT.encode(), ["--language", "ar", "--published", "2999-01-01"], "published: "),
        (b"x" * 1_000_001, ["--language", "en"], "FILE: longer than"),
    ],
)
def test_bad_input_fails_with_a_message(tmp_path, content, args, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run(str(path), *args)


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="FILE: cannot read"):
        run(str(tmp_path / "nowhere.txt"), "--language", "ar")
