"""The T2202 information return as the XML file CRA's Internet file transfer takes.

Follows CRA's published "T2202, Tuition and enrolment certificate" XML specification (T619
electronic filing, 2026 version) and its schema: a `Submission` holding the T619 transmitter
record, then a `Return` with every `T2202Slip` followed by the one `T2202Summary`. Element order
is the schema's sequence; optional fields without a value are left out (CRA rejects empty ones);
text is cut to each field's length and kept to the characters CRA accepts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from oncopos.domain.tuition import SlipKind, YearOfStudy, normalize_sin
from oncopos.services.tuition_records import FilingSlip

SCHOOL_TYPE_ESDC_CERTIFIED = 4  # "Certified by the Minister of Employment and Social Development Canada"
PROGRAM_NAME_LENGTH = 30
FAMILY_NAME_LENGTH = 20  # "first 20 letters of the student's surname"
GIVEN_NAME_LENGTH = 12  # "first 12 letters of the student's first name"
RZ_ACCOUNT = re.compile(r"\d{9}RZ\d{4}")
PHONE = re.compile(r"\D*(\d{3})\D*(\d{3})\D*(\d{4})\D*")
# Letters (French accents included), digits, space and the punctuation CRA's tables allow.
_UNACCEPTED = re.compile(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿ &'\-.,/#()]")


@dataclass(frozen=True)
class Address:
    line1: str
    line2: str = ""
    city: str = ""
    province: str = ""
    postal_code: str = ""
    country: str = "CA"


@dataclass(frozen=True)
class Filer:
    """The school as CRA knows it, and the person CRA calls about the return."""

    account_number: str  # 123456789RZ0001
    name: str
    address: Address
    contact_name: str
    contact_phone: str  # any format with ten digits
    contact_email: str
    language: str = "E"  # E or F: the language CRA answers in
    school_type: int = SCHOOL_TYPE_ESDC_CERTIFIED


@dataclass(frozen=True)
class SlipToFile:
    kind: SlipKind
    family_name: str
    given_name: str
    sin: str
    student_number: str
    address: Address
    figures: YearOfStudy


def t2202_return(filer: Filer, slips: Sequence[SlipToFile], *, year: int, amended: bool = False,
                 submission_ref: str = "", amendment_note: str = "") -> bytes:
    """The whole submission file (ISO-8859-1, as CRA's schemas are), ready to upload."""
    if not RZ_ACCOUNT.fullmatch(filer.account_number):
        raise ValueError("The T2202 account number must be 9 digits, RZ, 4 digits (e.g. 123456789RZ0001).")
    kinds = {s.kind for s in slips}
    if not amended and kinds - {SlipKind.ORIGINAL}:
        raise ValueError("An original return holds original slips only; file amendments and cancellations apart.")
    if amended and SlipKind.ORIGINAL in kinds:
        raise ValueError("An amended return cannot hold an original slip.")
    root = ET.Element("Submission", {
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:noNamespaceSchemaLocation": "layout-topologie.xsd",
    })
    _transmitter(root, filer, submission_ref)
    t2202 = ET.SubElement(ET.SubElement(root, "Return"), "T2202")
    for slip in slips:
        _slip(t2202, filer, slip)
    _summary(t2202, filer, slips, year=year, amended=amended, note=amendment_note)
    ET.indent(root)
    return ET.tostring(root, encoding="ISO-8859-1", xml_declaration=True)


def _transmitter(root: ET.Element, filer: Filer, submission_ref: str) -> None:
    t619 = ET.SubElement(root, "T619")
    _text(ET.SubElement(t619, "TransmitterAccountNumber"), "bn15", filer.account_number)
    if submission_ref:
        _text(t619, "sbmt_ref_id", submission_ref, 8)
    _text(t619, "summ_cnt", "1")
    _text(t619, "lang_cd", filer.language)
    _text(ET.SubElement(t619, "TransmitterName"), "l1_nm", filer.name, 35)
    _text(t619, "TransmitterCountryCode", "CAN")
    contact = ET.SubElement(t619, "CNTC")
    area, number = _phone(filer.contact_phone)
    _text(contact, "cntc_nm", filer.contact_name, 35)
    _text(contact, "cntc_area_cd", area)
    _text(contact, "cntc_phn_nbr", number)
    ET.SubElement(contact, "cntc_email_area").text = filer.contact_email[:60]


def _slip(parent: ET.Element, filer: Filer, slip: SlipToFile) -> None:
    figures = slip.figures
    node = ET.SubElement(parent, "T2202Slip")
    _text(node, "SlipReportTypeCode", slip.kind.value)
    _text(node, "FilerAccountNumber", filer.account_number)
    _text(node, "PostSecondaryEducationalSchoolProgramName", figures.program_name, PROGRAM_NAME_LENGTH)
    _text(node, "PostSecondaryEducationalSchoolTypeCode", str(filer.school_type))
    name = ET.SubElement(node, "StudentName")
    _text(name, "FamilyName", slip.family_name, FAMILY_NAME_LENGTH)
    _optional(name, "GivenName", slip.given_name, GIVEN_NAME_LENGTH)
    _text(node, "SocialInsuranceNumber", normalize_sin(slip.sin))
    _optional(node, "StudentNumber", slip.student_number, 20)
    _address(ET.SubElement(node, "StudentAddress"), slip.address)
    for session in figures.sessions:
        line = ET.SubElement(node, "SchoolSession")
        _text(line, "StartYearMonth", _yymm(session.start))
        _text(line, "EndYearMonth", _yymm(session.end))
        _text(line, "EligibleTuitionFeeAmount", _amount(session.fees_cents))
        _text(line, "PartTimeStudentMonthCount", str(session.part_time_months))
        _text(line, "FullTimeStudentMonthCount", str(session.full_time_months))
    _text(node, "TotalEligibleTuitionFeeAmount", _amount(figures.fees_cents))
    _text(node, "TotalPartTimeStudentMonthCount", str(figures.part_time_months))
    _text(node, "TotalFullTimeStudentMonthCount", str(figures.full_time_months))


def _summary(parent: ET.Element, filer: Filer, slips: Sequence[SlipToFile], *, year: int, amended: bool,
             note: str) -> None:
    node = ET.SubElement(parent, "T2202Summary")
    _text(node, "FilerAccountNumber", filer.account_number)
    _text(node, "SummaryReportTypeCode", "A" if amended else "O")
    if amended:
        _optional(node, "FilerAmendmentNote", note, 2000)
    _text(node, "TaxationYear", str(year))
    _text(node, "TotalSlipCount", str(len(slips)))
    _text(ET.SubElement(node, "PostSecondaryEducationalInstitutionName"), "NameLine1Text", filer.name, 100)
    _address(ET.SubElement(node, "PostSecondaryEducationalInstitutionMailingAddress"), filer.address)
    contact = ET.SubElement(node, "ContactInformation")
    area, number = _phone(filer.contact_phone)
    _text(contact, "ContactName", filer.contact_name, 100)
    _text(contact, "ContactAreaCode", area)
    _text(contact, "ContactPhoneNumber", number)
    # A cancelled slip no longer claims its fees.
    total = sum(s.figures.fees_cents for s in slips if s.kind != SlipKind.CANCELLED)
    _text(node, "TotalEligibleTuitionFeeAmount", _amount(total))


def _address(node: ET.Element, address: Address) -> None:
    _text(node, "AddressLine1Text", address.line1, 100)
    _optional(node, "AddressLine2Text", address.line2, 100)
    _optional(node, "CityName", address.city, 100)
    _optional(node, "ProvinceStateCode", address.province.upper(), 2)
    _optional(node, "CountryCode", address.country.upper(), 2)
    _optional(node, "PostalZipCode", re.sub(r"[^A-Za-z0-9 \-]", "", address.postal_code).upper(), 10)


def _text(parent: ET.Element, tag: str, value: str, length: int | None = None) -> None:
    cleaned = _clean(value)[:length] if length else value
    if not cleaned:
        raise ValueError(f"The T2202 return needs a value for {tag}.")
    ET.SubElement(parent, tag).text = cleaned.rstrip()


def _optional(parent: ET.Element, tag: str, value: str, length: int) -> None:
    cleaned = _clean(value)[:length].rstrip()
    if cleaned:
        ET.SubElement(parent, tag).text = cleaned


def _clean(value: str) -> str:
    return " ".join(_UNACCEPTED.sub(" ", value or "").split())


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _yymm(year_month: tuple[int, int]) -> str:
    year, month = year_month
    return f"{year % 100:02d}{month:02d}"


def _phone(value: str) -> tuple[str, str]:
    match = PHONE.fullmatch(value.removeprefix("+1").strip())
    if not match:
        raise ValueError("The contact phone number must have ten digits (area code and number).")
    return match.group(1), f"{match.group(2)}-{match.group(3)}"


class T2202ReturnWriter:
    """The service's port (oncopos.services.tuition_slips.ReturnWriter) over `t2202_return`."""

    def __init__(self, filer: Filer) -> None:
        self.filer = filer

    def write(self, slips: Sequence[FilingSlip], *, year: int, amended: bool) -> bytes:
        return t2202_return(self.filer, [
            SlipToFile(kind=s.kind, family_name=s.family_name, given_name=s.given_name, sin=s.sin,
                       student_number=s.student_number,
                       address=Address(s.address_line1, s.address_line2, s.city, s.province, s.postal_code),
                       figures=s.figures)
            for s in slips], year=year, amended=amended)


_CITY_PROVINCE_POSTAL = re.compile(r"^(?P<city>.+?)\s+(?P<province>[A-Za-z]{2})\s+(?P<postal>[A-Za-z]\d[A-Za-z]\s?\d[A-Za-z]\d)$")


def school_address(text: str, province: str) -> Address:
    """The school's one-line address ("100 King Street West, Suite 500, Toronto ON  M5X 1A9") as CRA's fields."""
    parts = [p.strip() for p in re.split(r"[,\n]", text) if p.strip()]
    if not parts:
        return Address("", province=province)
    match = _CITY_PROVINCE_POSTAL.match(" ".join(parts[-1].split())) if len(parts) > 1 else None
    if match is None:
        return Address(parts[0], ", ".join(parts[1:]), province=province)
    return Address(parts[0], ", ".join(parts[1:-1]), match["city"], match["province"].upper(), match["postal"].upper())
