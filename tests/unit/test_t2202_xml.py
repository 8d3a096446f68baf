"""The T2202 return file against CRA's published XML specification (T619, 2026 version).

The structure and formats below are transcribed from the specification and its schema
(t2202.xsd, complex.xsd, simple.xsd): element order of each sequence, which elements are
required, and each field's pattern. The file is parsed back and checked element by element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from oncopos.adapters.cra.t2202_xml import Address, Filer, SlipToFile, t2202_return
from oncopos.domain.tuition import SlipKind, Study, TuitionClass, year_of_study

# (element, required) in the schema's order.
SLIP = [("SlipReportTypeCode", True), ("FilerAccountNumber", True),
        ("PostSecondaryEducationalSchoolProgramName", True), ("PostSecondaryEducationalSchoolTypeCode", True),
        ("FlyingSchoolClubCourseTypeCode", False), ("StudentName", True), ("SocialInsuranceNumber", True),
        ("StudentNumber", False), ("StudentAddress", True), ("SchoolSession", True),
        ("TotalEligibleTuitionFeeAmount", False), ("TotalPartTimeStudentMonthCount", True),
        ("TotalFullTimeStudentMonthCount", True)]
NAME = [("FamilyName", True), ("GivenName", False), ("NameInitialText", False)]
ADDRESS = [("AddressLine1Text", True), ("AddressLine2Text", False), ("CityName", False),
           ("ProvinceStateCode", False), ("CountryCode", False), ("PostalZipCode", False)]
SESSION = {"StartYearMonth", "EndYearMonth", "EligibleTuitionFeeAmount", "PartTimeStudentMonthCount",
           "FullTimeStudentMonthCount"}
SUMMARY_REQUIRED = {"FilerAccountNumber", "SummaryReportTypeCode", "TaxationYear", "TotalSlipCount",
                    "PostSecondaryEducationalInstitutionName", "PostSecondaryEducationalInstitutionMailingAddress",
                    "TotalEligibleTuitionFeeAmount"}
T619_REQUIRED = {"TransmitterAccountNumber", "lang_cd", "TransmitterCountryCode", "CNTC"}
FORMATS = {
    "SlipReportTypeCode": r"[OAC]", "SummaryReportTypeCode": r"[OA]",
    "FilerAccountNumber": r"\d{9}RZ\d{4}", "bn15": r"\d{9}[A-Z]{2}\d{4}",
    "PostSecondaryEducationalSchoolProgramName": r".{1,30}", "PostSecondaryEducationalSchoolTypeCode": r"[1-5]",
    "FamilyName": r".{1,20}", "GivenName": r".{1,12}", "SocialInsuranceNumber": r"\d{9}",
    "StartYearMonth": r"\d{2}(0[1-9]|1[012])", "EndYearMonth": r"\d{2}(0[1-9]|1[012])",
    "EligibleTuitionFeeAmount": r"\d{0,9}\.\d{2}", "TotalEligibleTuitionFeeAmount": r"\d{0,13}\.\d{2}",
    "PartTimeStudentMonthCount": r"\d{1,2}", "FullTimeStudentMonthCount": r"\d{1,2}",
    "TotalPartTimeStudentMonthCount": r"\d{1,2}", "TotalFullTimeStudentMonthCount": r"\d{1,2}",
    "TaxationYear": r"\d{4}", "TotalSlipCount": r"\d{1,7}", "PostalZipCode": r"[A-Za-z0-9 \-]{1,10}",
    "CountryCode": r"[A-Z]{2}", "ProvinceStateCode": r"[A-Z]{2}", "TransmitterCountryCode": r"[A-Z]{3}",
    "lang_cd": r"[EF]", "cntc_area_cd": r"\d{3}", "cntc_phn_nbr": r"\d{3}-\d{4}", "ContactAreaCode": r"\d{3}",
    "ContactPhoneNumber": r"\d{3}-\d{4}", "cntc_nm": r".{1,35}", "l1_nm": r".{1,35}", "summ_cnt": r"\d{1,6}",
}

FILER = Filer(account_number="123456789RZ0001", name="OncoOne Education Inc.",
              address=Address("200 University Ave, Suite 4", city="Toronto", province="ON", postal_code="M5H 3C6"),
              contact_name="Ada Tremblay", contact_phone="+1 416-555-0142", contact_email="registrar@oncoone.ca")


def _slip(kind: SlipKind = SlipKind.ORIGINAL, family: str = "Côté-Villeneuve de la Montagne") -> SlipToFile:
    studies = [Study("e1", "Oncology Aesthetics Diploma Program (Full)", TuitionClass.OCCUPATIONAL,
                     date(2026, 1, 12), date(2026, 6, 26), 25 * 60, 910_000),
               Study("e2", "Wig Fitting", TuitionClass.OCCUPATIONAL, date(2026, 9, 1), date(2026, 10, 30),
                     4 * 60, 45_050)]
    figures = year_of_study(2026, studies, date_of_birth=date(1994, 4, 2))
    return SlipToFile(kind, family, "Marie-Ève Alexandrine", "130 692 544", "S100002",
                      Address("45 rue Saint-Denis, app. 3", city="Montréal", province="qc", postal_code="h2x 3k8"),
                      figures)


def _check_sequence(node: ET.Element, spec: list[tuple[str, bool]]) -> None:
    tags = [child.tag for child in node]
    order = [name for name, _ in spec]
    assert all(tag in order for tag in tags), f"unexpected element in {node.tag}: {tags}"
    positions = [order.index(tag) for tag in tags]
    assert positions == sorted(positions), f"{node.tag} out of the schema's order: {tags}"
    for name, required in spec:
        if required:
            assert name in tags, f"{node.tag} lacks {name}"


def _check_formats(root: ET.Element) -> None:
    for element in root.iter():
        if len(element) == 0:
            assert element.text and element.text.strip(), f"empty {element.tag}: CRA rejects empty optional fields"
        if element.tag in FORMATS:
            assert re.fullmatch(FORMATS[element.tag], element.text or ""), f"{element.tag}={element.text!r}"


def test_an_original_return_follows_the_specification() -> None:
    data = t2202_return(FILER, [_slip()], year=2026, submission_ref="OO2026A")
    assert data.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    root = ET.fromstring(data)
    assert root.tag == "Submission" and [c.tag for c in root] == ["T619", "Return"]
    t619 = root.find("T619")
    assert t619 is not None and {c.tag for c in t619} >= T619_REQUIRED
    t2202 = root.find("Return/T2202")
    assert t2202 is not None and [c.tag for c in t2202] == ["T2202Slip", "T2202Summary"]  # slips, then the summary
    slip = t2202.find("T2202Slip")
    assert slip is not None
    _check_sequence(slip, SLIP)
    _check_sequence(slip.find("StudentName"), NAME)  # type: ignore[arg-type]
    _check_sequence(slip.find("StudentAddress"), ADDRESS)  # type: ignore[arg-type]
    sessions = slip.findall("SchoolSession")
    assert 1 <= len(sessions) <= 4
    assert all({c.tag for c in s} == SESSION for s in sessions)
    summary = t2202.find("T2202Summary")
    assert summary is not None and {c.tag for c in summary} >= SUMMARY_REQUIRED
    _check_formats(root)


def test_the_figures_in_the_file_are_the_slip_figures() -> None:
    """Jan-Jun at 25 h a week: 6 full-time months, $9,100.00; Sep-Oct at 4 h a week
    (4 x 52 / 12 = 17.3 h a month): 2 part-time months, $450.50. Total $9,550.50."""
    root = ET.fromstring(t2202_return(FILER, [_slip()], year=2026))
    slip = root.find("Return/T2202/T2202Slip")
    assert slip is not None
    assert [(s.findtext("StartYearMonth"), s.findtext("EndYearMonth"), s.findtext("EligibleTuitionFeeAmount"),
             s.findtext("PartTimeStudentMonthCount"), s.findtext("FullTimeStudentMonthCount"))
            for s in slip.findall("SchoolSession")] == [("2601", "2606", "9100.00", "0", "6"),
                                                         ("2609", "2610", "450.50", "2", "0")]
    assert slip.findtext("TotalEligibleTuitionFeeAmount") == "9550.50"
    assert (slip.findtext("TotalPartTimeStudentMonthCount"), slip.findtext("TotalFullTimeStudentMonthCount")) == ("2", "6")
    assert slip.findtext("SocialInsuranceNumber") == "130692544"
    assert slip.findtext("PostSecondaryEducationalSchoolProgramName") == "Oncology Aesthetics Diploma Pr"  # 30
    assert slip.findtext("StudentName/FamilyName") == "Côté-Villeneuve de l"  # the first 20 characters
    assert slip.findtext("StudentName/GivenName") == "Marie-Ève Al"
    assert slip.findtext("StudentAddress/ProvinceStateCode") == "QC"
    assert slip.findtext("StudentAddress/PostalZipCode") == "H2X 3K8"
    summary = root.find("Return/T2202/T2202Summary")
    assert summary is not None
    assert (summary.findtext("TotalSlipCount"), summary.findtext("TotalEligibleTuitionFeeAmount")) == ("1", "9550.50")
    assert summary.findtext("ContactInformation/ContactAreaCode") == "416"
    assert summary.findtext("ContactInformation/ContactPhoneNumber") == "555-0142"


def test_an_amended_return_holds_amendments_and_cancellations_only() -> None:
    amended, cancelled = _slip(SlipKind.AMENDED), _slip(SlipKind.CANCELLED, family="Nguyen")
    root = ET.fromstring(t2202_return(FILER, [amended, cancelled], year=2026, amended=True,
                                      amendment_note="Refund of March 2027 lowers the 2026 tuition."))
    summary = root.find("Return/T2202/T2202Summary")
    assert summary is not None and summary.findtext("SummaryReportTypeCode") == "A"
    assert summary.findtext("TotalEligibleTuitionFeeAmount") == "9550.50"  # the cancelled slip claims nothing
    with pytest.raises(ValueError, match="original"):
        t2202_return(FILER, [amended], year=2026)
    with pytest.raises(ValueError, match="original slip"):
        t2202_return(FILER, [_slip()], year=2026, amended=True)


def test_a_wrong_account_number_or_phone_is_refused_with_what_to_enter() -> None:
    with pytest.raises(ValueError, match="RZ"):
        t2202_return(Filer(**{**FILER.__dict__, "account_number": "123456789RT0001"}), [_slip()], year=2026)
    with pytest.raises(ValueError, match="ten digits"):
        t2202_return(Filer(**{**FILER.__dict__, "contact_phone": "555-0142"}), [_slip()], year=2026)


def test_characters_cra_does_not_accept_are_left_out() -> None:
    slip = _slip(family="O’Brien <script>")
    root = ET.fromstring(t2202_return(FILER, [slip], year=2026))
    assert root.findtext("Return/T2202/T2202Slip/StudentName/FamilyName") == "O Brien script"
