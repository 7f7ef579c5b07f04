"""The assistant against the annotated corpus in ../shared (read at run time, never copied):
the evidence rule on every article, and the five seed articles end to end."""

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from assistant.engine import suggest
from assistant.gazetteer import from_fixtures

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus" / "articles"
SCORER = SHARED / "corpus" / "score.py"

pytestmark = pytest.mark.skipif(
    not SCORER.exists(),
    reason=f"the annotated corpus is not beside the checkout ({SCORER} is missing)",
)


@pytest.fixture(scope="module")
def score():
    spec = importlib.util.spec_from_file_location("salvo_corpus_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def articles(pattern="*.json"):
    return sorted(CORPUS.glob(pattern)) if CORPUS.exists() else []


def run(article: dict) -> list[dict]:
    places, actors = from_fixtures()
    published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
    result = suggest(
        article["text"],
        language=article["language"],
        published=published,
        places=places,
        actors=actors,
    )
    return result["incidents"]


@pytest.mark.parametrize("path", articles(), ids=lambda p: p.stem)
def test_every_value_has_its_words_at_their_offsets(score, path):
    article = json.loads(path.read_text(encoding="utf-8"))
    for suggestion in run(article):
        assert score.evidence_problems(suggestion, article["text"]) == []


@pytest.mark.parametrize("path", articles("seed-*.json"), ids=lambda p: p.stem)
def test_seed_article(score, path):
    """Each attack a seed reports as news is found, and nothing is invented: no value the text
    does not give, no incident it does not report."""
    article = json.loads(path.read_text(encoding="utf-8"))
    suggestions = run(article)
    truth = article["incidents"]
    pairs = dict((j, i) for i, j in score.match(suggestions, truth, {}))
    for j, incident in enumerate(truth):
        if incident.get("background"):
            continue
        assert j in pairs, f"not found: {incident['base']} on {incident['date']}"
        suggestion = suggestions[pairs[j]]
        for field in score.FIELDS:
            assert not score.invented(field, suggestion, incident), (
                f"{field} invented for {incident['base']}"
            )
        for field in ("place", "weapon"):
            assert score.field_right(field, suggestion, incident, {}), (
                f"{field} of {incident['base']}"
            )
        if incident["date"]:
            # the suggested window holds the day (it may be wider: "hours before" is a span)
            assert suggestion["date_start"] <= incident["date"] <= suggestion["date_end"]
            if suggestion["date_precision"] == "day":
                assert suggestion["date_start"] == incident["date"]
    assert len(suggestions) == len(pairs), "a suggested incident the article does not report"
