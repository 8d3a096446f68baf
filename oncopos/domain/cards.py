"""How a payment card is named to a person: "Visa ending in 4242", "Visa se terminant par 4242".

One function for the payment screen, the refund screen, the emails and the PDF documents, so a
student reads the same words for the same card everywhere. Only the brand and the last four digits
are ever kept (never a card number), so that is all this needs.
"""

from __future__ import annotations

from oncopos.domain.money import normalize_locale

_BRANDS = {
    "visa": "Visa", "mastercard": "Mastercard", "amex": "American Express", "interac": "Interac",
    "discover": "Discover", "jcb": "JCB", "unionpay": "UnionPay", "diners": "Diners Club",
}


def brand_name(card_brand: str | None, *, interac: bool = False) -> str:
    """Stripe's brand code as people write it ("amex" -> "American Express"); "" when unknown."""
    if interac:
        return "Interac"
    code = (card_brand or "").strip()
    return _BRANDS.get(code.lower(), code.title())


def card_description(card_brand: str | None, card_last4: str | None, locale: str = "en-CA", *,
                     interac: bool = False) -> str:
    """"Visa ending in 4242" / "Visa se terminant par 4242"; the brand alone without the digits,
    and "Card" / "Carte" when not even the brand is known."""
    french = normalize_locale(locale) == "fr"
    brand = brand_name(card_brand, interac=interac) or ("Carte" if french else "Card")
    if not card_last4:
        return brand
    return f"{brand} se terminant par {card_last4}" if french else f"{brand} ending in {card_last4}"
