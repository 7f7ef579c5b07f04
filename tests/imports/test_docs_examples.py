"""The example files in docs/import.md import as the page says they do."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"


@pytest.mark.parametrize("fmt", ["salvo", "acled", "ucdp"])
def test_each_example_file_imports_without_errors(rita, run_import, fmt):
    section = DOC.read_text().split(
        f"\n## {'UCDP GED' if fmt == 'ucdp' else fmt.upper() if fmt == 'acled' else 'Salvo'}\n"
    )[1]
    example = re.search(r"```csv\n(.*?)```", section, re.S).group(1)
    report = run_import(rita, example, fmt, publish=True)
    assert report["error_count"] == 0, report["errors"]
    assert report["incidents"]["new"] == 2
