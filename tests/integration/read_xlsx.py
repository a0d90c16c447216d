#!/usr/bin/env python3
"""Reads a workbook with openpyxl, a reader independent of the writer, and prints every sheet
as JSON: {"sheets": [{"name": ..., "rows": [[cell, ...], ...]}]}, empty cells as ""."""
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1], read_only=True)
sheets = []
for sheet in book.worksheets:
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(["" if value is None else value for value in row])
    sheets.append({"name": sheet.title, "rows": rows})
json.dump({"sheets": sheets}, sys.stdout, ensure_ascii=False)
