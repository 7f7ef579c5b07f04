"""Opening an uploaded CSV file: its encoding, its delimiter, whether it is a CSV at all, and its
header. Rows are streamed through the csv module over a text wrapper, so memory stays constant
however large the file is."""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

SAMPLE = 64 * 1024
DELIMITERS = [",", ";", "\t", "|"]
# Magic numbers of files people upload by mistake instead of a CSV.
NOT_CSV = {
    b"PK\x03\x04": "a ZIP archive or an Excel workbook (.xlsx); save it as CSV first",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word document (.xls/.doc); save it as CSV first",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive; unpack it first",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
csv.field_size_limit(1_000_000)  # a long ACLED note, not a whole file in one cell


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass
class CsvFile:
    encoding: str
    delimiter: str
    header: list[str]
    rows: Iterator[tuple[int, list[str] | None, str]]  # (row number, cells or None, error)
    notes: list[str] = field(default_factory=list)
    text: io.TextIOWrapper | None = None

    def bytes_read(self) -> int:
        try:
            return self.text.buffer.tell() if self.text else 0
        except (OSError, ValueError):
            return 0


def _encoding(sample: bytes, notes: list[str]) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        notes.append(_("The file is UTF-16 (as Excel's 'Unicode text' writes it)."))
        return "utf-16"
    try:
        # A multi-byte character cut at the sample's end is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = sample.decode("cp1256")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            _("The file is neither UTF-8 nor Windows-1256 (Arabic) text; save it as CSV UTF-8.")
        ) from exc
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        notes.append(_("The file is not UTF-8; it was read as Windows-1256 (Arabic)."))
        return "cp1256"
    notes.append(_("The file is not UTF-8; it was read as Windows-1252 (Western)."))
    return "cp1252"


def _delimiter(first_line: str, expected: set[str], notes: list[str]) -> str:
    def known(d):
        cells = next(csv.reader([first_line], delimiter=d), [])
        return sum(1 for c in cells if c.strip().lstrip("\ufeff").lower() in expected)

    best = max(DELIMITERS, key=known)
    if known(best) == 0:
        best = ","
    if best != ",":
        notes.append(_("Columns are separated by %(d)r rather than commas.") % {"d": best})
    return best


def open_csv(binary, *, expected: set[str], encoding: str = "") -> CsvFile:
    """Sniff `binary` (a seekable file opened in binary mode) and return its header and a row
    stream. Raises FileProblem for a file that is not a readable CSV."""
    sample = binary.read(SAMPLE)
    binary.seek(0)
    if not sample.strip():
        raise FileProblem(_("The file is empty."))
    for magic, what in NOT_CSV.items():
        if sample.startswith(magic):
            raise FileProblem(_("This is not a CSV file: it looks like %(what)s.") % {"what": what})
    notes: list[str] = []
    encoding = encoding or _encoding(sample, notes)
    if encoding != "utf-16" and b"\x00" in sample:
        raise FileProblem(_("This is not a CSV file: it contains binary data (NUL bytes)."))
    text = io.TextIOWrapper(binary, encoding=encoding, newline="", errors="strict")
    try:
        first_line = text.readline()
        text.seek(0)
    except UnicodeDecodeError as exc:
        raise FileProblem(
            _("The file's first line is not valid %(encoding)s text.") % {"encoding": encoding}
        ) from exc
    delimiter = _delimiter(first_line, expected, notes)
    reader = csv.reader(text, delimiter=delimiter, strict=False)
    try:
        header = [h.strip().lstrip("\ufeff").lower() for h in next(reader)]
    except (csv.Error, StopIteration, UnicodeDecodeError) as exc:
        raise FileProblem(_("The header line cannot be read: %(e)s") % {"e": exc}) from exc
    return CsvFile(encoding, delimiter, header, _rows(reader, len(header)), notes, text)


def _rows(reader, width: int):
    """(row number, cells, error) for each data row; the header is row 1, as a spreadsheet
    numbers it. A row the csv module cannot parse is reported and the next one read."""
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            problem = _("The file is not valid text from here on (%(e)s).") % {"e": exc.reason}
            yield number, None, "STOP: " + problem
            return
        except csv.Error as exc:
            yield number, None, _("This line is not valid CSV: %(e)s.") % {"e": exc}
            continue
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) != width:
            yield (
                number,
                None,
                _("This row has %(n)s cells; the header has %(width)s.")
                % {
                    "n": len(cells),
                    "width": width,
                },
            )
            continue
        yield number, cells, ""
