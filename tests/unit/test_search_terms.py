from __future__ import annotations

from oncopos.domain.search import index_terms, query_terms


def terms(**overrides: str | None) -> set[str]:
    fields = {
        "first_name": "Émilie", "last_name": "Bérubé-Lévesque", "preferred_name": None,
        "email": "emilie.berube@videotron.ca", "phone": "+15145550123", "student_number": "S100042",
    }
    fields.update(overrides)
    return index_terms(**fields)  # type: ignore[arg-type]


def test_accents_are_folded_and_compound_names_split() -> None:
    t = terms()
    assert {"emilie", "berube", "levesque", "videotron", "s100042", "100042"} <= t


def test_phone_is_found_with_and_without_country_and_area_code() -> None:
    assert {"15145550123", "5145550123", "5550123"} <= terms()


def test_query_words_and_phone_like_text() -> None:
    assert query_terms("  Bérubé  ÉMI ") == ["berube", "emi"]
    assert query_terms("(514) 555-0123") == ["5145550123"]
    assert query_terms("1 514 555 0123") == ["5145550123"]
    assert query_terms("emilie.berube@vid") == ["emilie", "berube", "vid"]
    assert query_terms("mar marie") == ["marie"]  # the shorter prefix adds nothing
    assert query_terms("   ") == []
    assert query_terms("Œuvre") == ["oeuvre"]


def test_apostrophes_fold_like_accents_and_names_are_also_one_word() -> None:
    t = terms(first_name="Seán", last_name="O’Brien")
    assert {"obrien", "o", "brien", "sean"} <= t
    assert "berubelevesque" in terms()
    assert query_terms("O'Brien") == ["obrien"]
    assert query_terms("o’bri") == ["obri"]
