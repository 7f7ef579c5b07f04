"""The article-to-incident assistant: how long an editor waits for suggestions, and how
accurate they are.

    ./dev bench assistant [--repeat 15] [--no-score]

Times suggest() (the shipped gazetteer, patterns compiled once as in a running server) on a
2,000-word Arabic article and a 2,000-word English one, each put together at run time from the
annotated corpus in ../shared/corpus (the texts never enter the repository), and on the median
corpus article. Target: under 200 ms median for 2,000 words. Then runs the corpus scorer
(`../shared/corpus/score.py`, through `manage.py suggest_incidents` as it is meant to be run)
and prints its figures."""

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
from pathlib import Path

from assistant.engine import suggest
from assistant.gazetteer import from_fixtures
from bench.common import median_ms, report

TARGET_MS = 200
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def _articles() -> list[dict]:
    return [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((CORPUS / "articles").glob("*.json"))
    ]


def _words(articles: list[dict], language: str, words: int) -> str:
    """About `words` words of the corpus in one language, article after article."""
    parts, count = [], 0
    while count < words:
        for a in articles:
            if a["language"] == language:
                parts.append(a["text"])
                count += len(a["text"].split())
                if count >= words:
                    break
    text = "\n\n".join(parts)
    return " ".join(text.split(" ")[: words + text.count("\n")])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./dev bench assistant")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-score", action="store_true", help="timings only")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"The annotated corpus is not at {CORPUS}; nothing to measure.")
        return 2
    places, actors = from_fixtures()
    articles = _articles()
    published = dt.date(2024, 2, 7)
    for language in ("ar", "en"):
        text = _words(articles, language, 2000)

        def run(text=text, language=language):
            return suggest(
                text, language=language, published=published, places=places, actors=actors
            )

        found = len(run()["incidents"])
        report(
            f"suggest, 2,000 words ({language})",
            median_ms(run, repeat=args.repeat),
            target_ms=TARGET_MS,
            extra=f"({len(text):,} characters, {found} suggestions)",
        )
    one = []
    for a in articles:
        day = dt.date.fromisoformat(a["published"]) if a.get("published") else None
        one.append(
            median_ms(
                lambda a=a, day=day: suggest(
                    a["text"], language=a["language"], published=day, places=places, actors=actors
                ),
                repeat=5,
                warmup=1,
            )
        )
    report(f"suggest, one corpus article (median of {len(one)})", statistics.median(one))
    if not args.no_score:
        print("\nThe corpus scorer (../shared/corpus/score.py):\n", flush=True)
        subprocess.run([sys.executable, str(CORPUS / "score.py")], cwd=ROOT, check=False)  # noqa: S603
    return 0
