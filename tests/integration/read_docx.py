#!/usr/bin/env python3
"""Reads a DOCX with readers that share no code with the writer and prints what they saw as JSON.

Python's own XML parser checks that every part is well-formed. LibreOffice (headless, in a
profile folder of its own) converts the file to plain text and to OpenDocument, whose
content.xml says what became a heading at which outline level, what became a list item and
what a table cell; its styles.xml says the language LibreOffice took the text to be in.

Usage: read_docx.py FILE.docx WORK_DIR"""
import json
import os
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

docx, work = sys.argv[1], sys.argv[2]


def convert(target):
    subprocess.run(["soffice", "--headless", "--norestore", "-env:UserInstallation=file://" + work + "/profile",
                    "--convert-to", target, "--outdir", work, docx],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=50)
    base = os.path.splitext(os.path.basename(docx))[0]
    return os.path.join(work, base + "." + target.split(":")[0])


def text_of(element):
    """An element's text with its line breaks, as a reader shows it."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "{%s}line-break" % TEXT:
            parts.append("\n")
        elif child.tag == "{%s}s" % TEXT:
            parts.append(" " * int(child.get("{%s}c" % TEXT, "1")))
        else:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


parts = {}
with zipfile.ZipFile(docx) as package:
    for name in package.namelist():
        ET.fromstring(package.read(name))
        parts[name] = package.getinfo(name).date_time[0]

with open(convert("txt:Text (encoded):UTF8"), encoding="utf-8-sig") as f:
    plain = f.read()

with zipfile.ZipFile(convert("odt")) as odt:
    content = ET.fromstring(odt.read("content.xml"))
    styles = ET.fromstring(odt.read("styles.xml"))

headings = [{"level": int(h.get("{%s}outline-level" % TEXT, "0")), "text": text_of(h)}
            for h in content.iter("{%s}h" % TEXT)]
items = ["\n".join(text_of(p) for p in item.iter("{%s}p" % TEXT)) for item in content.iter("{%s}list-item" % TEXT)]
tables = [[["\n".join(text_of(p) for p in cell.iter("{%s}p" % TEXT))
            for cell in row.iter("{%s}table-cell" % TABLE)]
           for row in table.iter("{%s}table-row" % TABLE)]
          for table in content.iter("{%s}table" % TABLE)]
header_rows = [len(list(table.iter("{%s}table-header-rows" % TABLE))) for table in content.iter("{%s}table" % TABLE)]
languages = sorted({p.get("{%s}language" % FO) + "-" + p.get("{%s}country" % FO)
                    for p in styles.iter("{%s}text-properties" % STYLE) if p.get("{%s}language" % FO)})

json.dump({"parts": parts, "text": plain, "headings": headings, "items": items, "tables": tables,
           "header_rows": header_rows, "languages": languages}, sys.stdout, ensure_ascii=False)
