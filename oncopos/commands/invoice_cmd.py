"""`oncopos invoice preview` and `oncopos invoice reprint`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oncopos.config import PROVINCES, Settings
from oncopos.domain.document_language import DOCUMENT_LANGUAGES
from oncopos.domain.errors import UserFacingError


def register(commands: argparse._SubParsersAction) -> None:
    invoice = commands.add_parser("invoice", help="invoices and credit notes").add_subparsers(
        dest="invoice_command", required=True
    )
    preview = invoice.add_parser(
        "preview", help="render a sample invoice with the configured business details (no database needed)"
    )
    preview.add_argument("--out", required=True, type=Path, metavar="FILE", help="where to write the PDF")
    preview.add_argument("--province", type=str.upper, choices=PROVINCES, help="place of supply (default BUSINESS_PROVINCE)")
    preview.add_argument("--language", choices=DOCUMENT_LANGUAGES, default=None,
                         help="en, fr, or both with the first one first (fr-en, en-fr); default: ONCOPOS_LOCALE")
    preview.add_argument("--receipt", action="store_true", help="the 80 mm receipt instead of the Letter invoice")
    preview.set_defaults(handler=preview_command)

    reprint = invoice.add_parser("reprint", help="write the stored PDF of an invoice or credit note")
    reprint.add_argument("number", metavar="NUMBER", help="e.g. DESK1-000123")
    reprint.add_argument("--out", required=True, type=Path, metavar="FILE", help="where to write the PDF")
    reprint.add_argument("--receipt", action="store_true", help="the 80 mm receipt instead of the stored invoice")
    reprint.add_argument("--db", metavar="URL", dest="db_sub", help="database URL")
    reprint.set_defaults(handler=reprint_command)


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise UserFacingError(f"Cannot write {path}: {exc.strerror or exc}. Choose another --out file.") from None


def preview_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.adapters.db.session import utc_now
    from oncopos.adapters.pdf import ReportLabRenderer
    from oncopos.domain.document_language import document_language
    from oncopos.domain.invoice import missing_required
    from oncopos.services.invoice_documents import sample_document
    from oncopos.services.invoices import setup_from_settings

    setup = setup_from_settings(settings)
    language = args.language or document_language(settings.locale, desk_province=settings.business_province,
                                                  choice=settings.document_language)
    document = sample_document(
        setup.business, args.province or settings.business_province, language=language,
        issued_at=utc_now(), tz=setup.tz, series=setup.series,
    )
    renderer = ReportLabRenderer()
    _write(args.out, renderer.receipt(document) if args.receipt else renderer.invoice(document))
    print(f"Sample {'receipt' if args.receipt else 'invoice'} written to {args.out}")
    for field in missing_required(document):
        print(f"warning: invoices of this amount need {field}; set it before taking payments.", file=sys.stderr)
    return 0


def reprint_command(args: argparse.Namespace, settings: Settings) -> int:
    from oncopos.commands.opening import open_context
    from oncopos.domain.access import system_actor

    context = open_context(settings.model_copy(update={"training": False}), desk_only="invoice reprint")
    try:
        actor = system_actor(settings.workstation_id)
        record = context.invoices.record(args.number)
        data = context.invoices.receipt_for(record.number) if args.receipt else context.invoices.reprint(actor, record.number)
    finally:
        context.close()
    _write(args.out, data)
    kind = "credit note" if record.kind == "credit_note" else "invoice"
    print(f"{kind.capitalize()} {record.number} written to {args.out}")
    if record.status == "void":
        print(f"warning: {record.number} was voided: {record.void_reason}. Do not hand it out as valid.", file=sys.stderr)
    return 0
