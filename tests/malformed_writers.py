"""Write malformed and hostile input files into a folder (the project's own corpus).

``CORPUS`` maps a case name to a writer ``(folder) -> Path``. ``KNOWN`` is the text the encoding
cases carry, so a test can compare what was decoded with the ground truth.
"""
from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

KNOWN = "é € “ ” œ Ÿ 😀 中文 العربية"
KNOWN_CP1252 = "é € “ ” œ Ÿ"
KNOWN_LATIN1 = "é ü ñ ß ÿ"


def _bytes(folder: Path, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


def _text(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


def ragged(folder):
    return _bytes(folder, "ragged.csv", _text(["a,b,c", "1,2,3", "4,5", "6,7,8,9", "10,11,12"]).encode())


def unterminated_quote(folder):
    return _bytes(folder, "unterminated.csv", _text(["a,b", "1,ok", '2,"never closed', "3,x"]).encode())


def nul_bytes(folder):
    return _bytes(folder, "nul.csv", b"a,b\r\n1,ok\r\n2,bad\x00value\r\n")


def duplicate_headers(folder):
    return _bytes(folder, "dups.csv", _text(["x,x,x,y", "1,2,3,4"]).encode())


def empty(folder):
    return _bytes(folder, "empty.csv", b"")


def header_only(folder):
    return _bytes(folder, "header_only.csv", b"id,text\r\n")


def big_field(folder):
    return _bytes(folder, "big_field.csv", ("id,text\r\n1,\"" + "x" * 1_000_000 + "\"\r\n2,short\r\n").encode())


def html_as_csv(folder):
    return _bytes(folder, "page.csv", b"<!DOCTYPE html><html><body><table><tr><td>a</td></tr></table></body></html>")


def png_as_csv(folder):
    return _bytes(folder, "image.csv", b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + b"\x00" * 40)


def zip_as_sav(folder):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data.csv", "a,b\n1,2\n")
    return _bytes(folder, "survey.sav", buf.getvalue())


def sav_as_xlsx(folder):
    return _bytes(folder, "survey.xlsx", b"$FL2@(#) SPSS DATA FILE" + b"\x00" * 200)


def unknown_extension(folder):
    return _bytes(folder, "data.exe", b"MZ\x90\x00")


def bad_json(folder):
    return _bytes(folder, "broken.json", b'[{"a": 1},\n {"a": 2,\n')


def tweets_js_code(folder):
    return _bytes(folder, "tweets.js", b"window.YTD.tweets.part0 = (function(){ return [] })()")


def _workbook(cells: list[list[str]]) -> bytes:
    import openpyxl  # noqa: PLC0415

    wb = openpyxl.Workbook()
    for row in cells:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _hand_xlsx(sheet: bytes, shared: bytes) -> bytes:
    """A minimal XLSX written part by part, so a test controls every XML byte."""
    types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             '<Override PartName="/xl/sharedStrings.xml"'
             ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = (f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (f'<?xml version="1.0"?><workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
                '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = (f'<?xml version="1.0"?><Relationships xmlns="{_PKG}">'
               f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
               f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


_SHEET = (f'<?xml version="1.0"?><worksheet xmlns="{_NS}"><sheetData>'
          '<row r="1"><c r="A1" t="inlineStr"><is><t>text</t></is></c></row>'
          '<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>').encode()


def _shared(prolog: str, body: str) -> bytes:
    head = f'<?xml version="1.0"?>{prolog}<sst xmlns="{_NS}" count="1" uniqueCount="1">'
    return (head + f"<si><t>{body}</t></si></sst>").encode()


def xlsx_shared_ok(folder):
    """The control case: the same hand-made workbook without entities reads as ``hello``."""
    return _bytes(folder, "shared_ok.xlsx", _hand_xlsx(_SHEET, _shared("", "hello")))


def xlsx_xxe(folder):
    prolog = '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _bytes(folder, "xxe.xlsx", _hand_xlsx(_SHEET, _shared(prolog, "&xxe;")))


def xlsx_billion_laughs(folder):
    ents = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    prolog = f'<!DOCTYPE sst [<!ENTITY l0 "lol">{ents}]>'
    return _bytes(folder, "laughs.xlsx", _hand_xlsx(_SHEET, _shared(prolog, "&l9;")))


def xlsx_bomb(folder, megabytes: int = 30):
    """A workbook whose sheet is ``megabytes`` of repeated rows that deflate ~1000:1."""
    row = b'<row><c t="inlineStr"><is><t>a</t></is></c></row>'
    body = row * (megabytes * 1024 * 1024 // len(row))
    sheet = f'<?xml version="1.0"?><worksheet xmlns="{_NS}"><sheetData>'.encode() + body + b"</sheetData></worksheet>"
    return _bytes(folder, "bomb.xlsx", _hand_xlsx(sheet, _shared("", "x")))


def xlsx_corrupt(folder):
    return _bytes(folder, "corrupt.xlsx", _workbook([["a"], ["b"]])[:400])


def _encoded(name: str, text: str, encoding: str, bom: bytes = b""):
    def write(folder):
        body = _text(["id,text", f"1,{text}", "2,plain ascii answer to pad the sample out a little more"])
        return _bytes(folder, name, bom + body.encode(encoding))
    return write


ENCODINGS = {
    "utf8": (_encoded("utf8.csv", KNOWN, "utf-8"), KNOWN),
    "utf8_bom": (_encoded("utf8_bom.csv", KNOWN, "utf-8", b"\xef\xbb\xbf"), KNOWN),
    "utf16le_bom": (_encoded("utf16le.csv", KNOWN, "utf-16-le", b"\xff\xfe"), KNOWN),
    "utf16be_bom": (_encoded("utf16be.csv", KNOWN, "utf-16-be", b"\xfe\xff"), KNOWN),
    "cp1252": (_encoded("cp1252.csv", KNOWN_CP1252, "cp1252"), KNOWN_CP1252),
    "latin1": (_encoded("latin1.csv", KNOWN_LATIN1, "latin-1"), KNOWN_LATIN1),
}

CORPUS = {f.__name__: f for f in (ragged, unterminated_quote, nul_bytes, duplicate_headers, empty, header_only,
                                    big_field, html_as_csv, png_as_csv, zip_as_sav, sav_as_xlsx, unknown_extension,
                                    bad_json, tweets_js_code, xlsx_shared_ok, xlsx_xxe, xlsx_billion_laughs, xlsx_bomb,
                                    xlsx_corrupt)}
CORPUS.update({f"encoding_{k}": w for k, (w, _) in ENCODINGS.items()})

__all__ = ["CORPUS", "ENCODINGS", "KNOWN"]
