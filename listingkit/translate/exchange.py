"""Export and import a translation memory as TMX 1.4 or CSV, for review by a translator.

TMX: one ``<tu>`` per memory row, ``<tuv xml:lang>`` for source and target, the producing
engine in ``<prop type="x-listingkit-engine">``. Pending rows are exported with an empty
target so a translator can fill them in. Imported rows count as reviewed (engine ``human``)
unless the file says otherwise with ``--as-engine``. TMX is parsed with defusedxml (no entity
expansion, no external entities). CSV cells that a spreadsheet would run as a formula are
written with a leading apostrophe, which import removes again.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from listingkit.atomic import atomic_write
from listingkit.errors import InputError
from listingkit.translate.memory import HUMAN, Entry

CSV_COLUMNS = ("source_lang", "target_lang", "source", "target", "engine", "updated")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _escape(text: str) -> str:
    return "'" + text if text.startswith(_TRIGGERS) else text


def _unescape(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in _TRIGGERS and text[1:2] else text


def export_csv(entries: Iterable[Entry], out: Path) -> int:
    count = 0
    with atomic_write(out) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for e in entries:
            writer.writerow([e.source_lang, e.target_lang, _escape(e.source_text),
                             _escape(e.target_text or ""), e.engine, e.updated])
            count += 1
    return count


def export_tmx(entries: Iterable[Entry], out: Path, source_lang: str = "*all*") -> int:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "listingkit", "creationtoolversion": "1", "segtype": "sentence",
        "adminlang": "en", "srclang": source_lang, "datatype": "plaintext",
        "o-tmf": "listingkit-sqlite"})
    body = ET.SubElement(root, "body")
    count = 0
    for e in entries:
        tu = ET.SubElement(body, "tu", changedate=e.updated.replace("-", "").replace(":", ""))
        ET.SubElement(tu, "prop", type="x-listingkit-engine").text = e.engine
        src = ET.SubElement(tu, "tuv", {_XML_LANG: e.source_lang})
        ET.SubElement(src, "seg").text = e.source_text
        tgt = ET.SubElement(tu, "tuv", {_XML_LANG: e.target_lang})
        ET.SubElement(tgt, "seg").text = e.target_text or ""
        count += 1
    ET.indent(root)
    with atomic_write(out, newline="\n") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        handle.write(ET.tostring(root, encoding="unicode"))
        handle.write("\n")
    return count


def import_file(path: Path, engine: str = HUMAN) -> Iterator[Entry]:
    """Entries from a ``.tmx`` or ``.csv`` file; rows with an empty target are skipped."""
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    if path.suffix.lower() == ".tmx":
        yield from _import_tmx(path, engine)
    elif path.suffix.lower() in (".csv", ".txt"):
        yield from _import_csv(path, engine)
    else:
        raise InputError(f"{path}: cannot tell the format; use a .tmx or .csv file")


def _import_csv(path: Path, engine: str) -> Iterator[Entry]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"source_lang", "target_lang", "source", "target"} - set(
                reader.fieldnames or ())
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                                 f"expected {', '.join(CSV_COLUMNS)}")
            for row in reader:
                source, target = _unescape(row["source"] or ""), _unescape(row["target"] or "")
                if not (row["source_lang"] and row["target_lang"] and source):
                    raise InputError(f"{path}:{reader.line_num}: source_lang, target_lang "
                                     "and source are required")
                if target.strip():
                    yield Entry(row["source_lang"], row["target_lang"], source, target, engine)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason})") from None


def _import_tmx(path: Path, engine: str) -> Iterator[Entry]:
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException

    try:
        root = SafeET.parse(str(path)).getroot()
    except (ET.ParseError, DefusedXmlException) as exc:
        raise InputError(f"{path}: not valid TMX: {exc}") from None
    tag = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else ""
    if tag != "tmx":
        raise InputError(f"{path}: not a TMX file: its root element is <{tag}>, not <tmx>")
    header = root.find("header")
    srclang = header.get("srclang", "*all*") if header is not None else "*all*"
    for number, tu in enumerate(root.iter("tu"), 1):
        tuvs = [(_lang(t), "".join(t.find("seg").itertext()) if t.find("seg") is not None
                 else "") for t in tu.findall("tuv")]
        if len(tuvs) < 2:
            raise InputError(f"{path}: translation unit {number}: needs two <tuv>")
        src = next((t for t in tuvs if srclang != "*all*" and t[0] == srclang), tuvs[0])
        for lang, seg in tuvs:
            if (lang, seg) != src and seg.strip():
                yield Entry(src[0], lang, src[1], seg, engine)


def _lang(tuv: ET.Element) -> str:
    lang = tuv.get(_XML_LANG) or tuv.get("lang") or ""
    return lang.split("-")[0].lower() if lang else lang
