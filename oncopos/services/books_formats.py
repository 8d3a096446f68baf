"""The journal in each accounting program's own import format: QuickBooks Online, Xero, Sage 50.

Amounts are integer cents until `cents_text` writes them ("1234.50", dot decimal, no grouping);
every text cell goes through `safe_cell` (a course named "=HYPERLINK(...)" stays text in a
spreadsheet). Each writer follows the program's published import description, cited below.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from oncopos.domain.books import JournalEntry, cents_text
from oncopos.domain.csv_cells import safe_cell, safe_row
from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import msg, render

# QuickBooks Online, Settings > Import data > Journal entries (Intuit, "Import journal entries",
# https://quickbooks.intuit.com/learn-support/en-au/help-article/import-export-files/import-journal-entries-quickbooks-online/L4tQBwbs7_AU_en_AU):
# columns Journal No., Journal Date, Account Name, Description, Debits, Credits (and Name); the lines
# of one entry share its Journal No. and must balance; the account is its name in the chart
# (a sub-account as "Parent:Sub"), with account numbers turned off for the import. Dates as
# MM/DD/YYYY, the format the import's date mapping offers first
# (https://spreadsheetbroccoli.com/platforms/quickbooks_online/import-journal-entry-guide); a debit
# line leaves Credits blank and the other way round.
QBO_HEADER = ("Journal No.", "Journal Date", "Account Name", "Description", "Debits", "Credits", "Name")

# Xero, Manual Journals > Import (Xero Central, "Enter multiple manual journals using an import
# template", https://help.xero.com/nz/ManualJournalsImport): Narration (one per journal; the rows
# sharing a narration and date are one journal), Date (dd/mm/yyyy), Description, AccountCode (the
# code, not the name), TaxRate (its full name as in Xero's tax settings; mandatory), Amount (positive
# is a debit, negative a credit), TrackingName1/TrackingOption1...; at most 300 lines a file. The
# template marks its mandatory columns with an asterisk.
XERO_HEADER = ("*Narration", "*Date", "Description", "*AccountCode", "*TaxRate", "*Amount", "TrackingName1",
               "TrackingOption1", "TrackingName2", "TrackingOption2")
XERO_MAX_LINES = 300
# Tax is booked on its own accounts by the journal, so each line carries Xero's no-tax rate.
XERO_TAX_RATE = "Tax Exempt"

# Sage 50 Accounting, Canadian edition: File > Import/Export > Import General Journal, a text file
# (Sage 50 help, "Importing General Journal Entries",
# https://help-sage50.na.sage.com/en-ca/core/2017/Content/Import_Export/ImportingGeneralJournalEntries.htm,
# and Sage KB 220924250010186): each transaction starts with a line `mm-dd-yy,"source","comment"`,
# followed by one line per debit or credit, `account,amount` with the four-character account number
# and the amount with a period and two decimals, debits positive and credits negative, each
# transaction balanced. Source and comment are kept to 13 and 39 characters, the shorter limits of
# the versions Sage documents, so every supported version reads the file.
SAGE_SOURCE_MAX, SAGE_COMMENT_MAX = 13, 39


@dataclass(frozen=True)
class JournalFormat:
    name: str  # quickbooks, xero, sage
    label: str
    suffix: str  # file name ending
    write: Callable[[Sequence[JournalEntry], str], bytes]


def _csv(rows: list[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(safe_row(row))
    # UTF-8 with a byte-order mark: Excel on Windows then reads « é » in a French course name.
    return out.getvalue().encode("utf-8-sig")


def quickbooks(journal: Sequence[JournalEntry], locale: str) -> bytes:
    rows: list[Sequence[object]] = [QBO_HEADER]
    for entry in journal:
        for line in entry.lines:
            rows.append((entry.number, f"{entry.day:%m/%d/%Y}", line.account.name, render(line.description, locale),
                         cents_text(line.debit_cents) if line.debit_cents else "",
                         cents_text(line.credit_cents) if line.credit_cents else "", ""))
    return _csv(rows)


def xero(journal: Sequence[JournalEntry], locale: str) -> bytes:
    rows: list[Sequence[object]] = [XERO_HEADER]
    for entry in journal:
        narration = f"{entry.number} {render(entry.narration, locale)}"
        for line in entry.lines:
            rows.append((narration, f"{entry.day:%d/%m/%Y}", render(line.description, locale), line.account.code,
                         XERO_TAX_RATE, cents_text(line.debit_cents - line.credit_cents), "", "", "", ""))
    if len(rows) - 1 > XERO_MAX_LINES:
        raise InvalidInput(msg("books.xero_too_long", lines=len(rows) - 1, maximum=XERO_MAX_LINES))
    return _csv(rows)


def _sage_text(text: str, limit: int) -> str:
    # Inside straight quotes Sage has no escape for a quote: it becomes an apostrophe.
    return '"' + safe_cell(text.replace('"', "'"))[:limit] + '"'


def sage(journal: Sequence[JournalEntry], locale: str) -> bytes:
    out: list[str] = []
    for entry in journal:
        for line in entry.lines:
            if not (len(line.account.code) == 4 and line.account.code.isdigit()):
                raise InvalidInput(msg("books.sage_code", role=line.role, code=line.account.code))
        out.append(f"{entry.day:%m-%d-%y},{_sage_text(entry.number, SAGE_SOURCE_MAX)},"
                   f"{_sage_text(render(entry.narration, locale), SAGE_COMMENT_MAX)}")
        out.extend(f"{line.account.code},{cents_text(line.debit_cents - line.credit_cents)}" for line in entry.lines)
    # Sage 50 runs on Windows and reads its import files in the Windows code page.
    return ("\r\n".join(out) + "\r\n").encode("cp1252", errors="replace")


FORMATS: dict[str, JournalFormat] = {
    "quickbooks": JournalFormat("quickbooks", "QuickBooks Online (CSV)", ".csv", quickbooks),
    "xero": JournalFormat("xero", "Xero manual journals (CSV)", ".csv", xero),
    "sage": JournalFormat("sage", "Sage 50 general journal (text)", ".txt", sage),
}


def journal_format(name: str) -> JournalFormat:
    found = FORMATS.get(name)
    if found is None:
        raise InvalidInput(msg("books.unknown_format", name=name, formats=", ".join(FORMATS)))
    return found
