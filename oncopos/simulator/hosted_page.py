"""The hosted payment page a Checkout Session's `url` points to: a small mobile-friendly card form.

The card number and CVC live only in the request being handled: they are checked, reduced to brand
and last 4, and dropped. Nothing here logs form fields.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from .cards import BRAND_NAMES, brand_of, check_form, digits_only, outcome_for
from .errors import SimError
from .resources_checkout import expire_due, pay_session
from .store import State

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f8fa;color:#1a1f36}
main{max-width:26rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.2rem}.amount{font-size:2rem;font-weight:600;margin:.25rem 0 1rem}
label{display:block;margin:.75rem 0 .25rem;font-size:.9rem}
input{width:100%;box-sizing:border-box;font-size:1.1rem;padding:.7rem;border:1px solid #c4cdd5;border-radius:6px}
.row{display:flex;gap:.75rem}.row>div{flex:1}
button{width:100%;margin-top:1.25rem;padding:.9rem;font-size:1.1rem;border:0;border-radius:6px;background:#635bff;
color:#fff}.err{color:#b3093c;font-size:.85rem}.banner{padding:.75rem;border-radius:6px;background:#fde8ec;
color:#b3093c}.ok{background:#e3f9e5;color:#1b6b2b}.note{font-size:.75rem;color:#697386;margin-top:1rem}
"""


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body><main>{body}"
        "<p class=\"note\">Training simulator: no real card is charged.</p></main></body></html>"
    )


def _money(cents: int) -> str:
    return f"CA${cents // 100:,}.{cents % 100:02d}"


def render_form(cs: dict[str, Any], errors: dict[str, str] | None = None, banner: str | None = None,
                kept: dict[str, str] | None = None) -> str:
    errors, kept = errors or {}, kept or {}
    if cs["status"] == "complete":
        return _page("Paid", f"<h1>Payment received</h1><p class=\"banner ok\">{_money(cs['amount_total'])} paid. "
                     "Thank you. You can close this page.</p>")
    if cs["status"] == "expired":
        return _page("Expired", "<h1>This payment link has expired</h1><p class=\"banner\">Ask the front desk for a "
                     "new link.</p>")

    def field(name: str, label: str, attrs: str) -> str:
        # Only non-secret fields are echoed back after an error; number and CVC are always typed again.
        value = html.escape(kept.get(name, ""))
        err = f"<div class=\"err\" id=\"{name}-err\">{html.escape(errors[name])}</div>" if name in errors else ""
        return (f"<label for=\"{name}\">{label}</label><input id=\"{name}\" name=\"{name}\" value=\"{value}\" "
                f"{attrs}>{err}")

    banner_html = f"<p class=\"banner\" role=\"alert\">{html.escape(banner)}</p>" if banner else ""
    body = (
        f"<h1>OncoOne Education</h1><div class=\"amount\">{_money(cs['amount_total'])}</div>{banner_html}"
        f"<form method=\"post\" action=\"/pay/{html.escape(cs['id'])}\" autocomplete=\"on\">"
        + field("number", "Card number", "inputmode=\"numeric\" autocomplete=\"cc-number\" required")
        + "<div class=\"row\"><div>"
        + field("expiry", "Expiry (MM/YY)", "inputmode=\"numeric\" autocomplete=\"cc-exp\" placeholder=\"MM/YY\" required")
        + "</div><div>"
        + field("cvc", "CVC", "inputmode=\"numeric\" autocomplete=\"cc-csc\" required")
        + "</div></div>"
        + field("name", "Name on card", "autocomplete=\"cc-name\" required")
        + field("postal_code", "Postal code", "autocomplete=\"postal-code\" required")
        + f"<button type=\"submit\">Pay {_money(cs['amount_total'])}</button></form>"
    )
    return _page("Pay OncoOne Education", body)


def get_page(state: State, sid: str) -> tuple[int, str]:
    with state.lock:
        expire_due(state)
        try:
            cs = state.get("checkout.session", sid)
        except SimError:
            return 404, _page("Not found", "<h1>Payment link not found</h1>")
        return 200, render_form(cs)


def post_page(state: State, sid: str, form: dict[str, Any]) -> tuple[int, str]:
    number = digits_only(str(form.get("number", "")))
    kept = {k: str(form.get(k, "")) for k in ("expiry", "name", "postal_code")}
    now = datetime.fromtimestamp(state.now(), UTC)
    errors = check_form(number, kept["expiry"], str(form.get("cvc", "")), kept["name"], kept["postal_code"], now)
    with state.lock:
        try:
            cs = state.get("checkout.session", sid)
        except SimError:
            return 404, _page("Not found", "<h1>Payment link not found</h1>")
        if errors:
            return 400, render_form(cs, errors, "Check the highlighted fields.", kept)
        brand = brand_of(number) or "visa"
        month, year = (int(p) for p in kept["expiry"].split("/"))
        cs, decline = pay_session(state, sid, outcome_for(number), brand, number[-4:], (month, 2000 + year),
                                  kept["name"].strip(), kept["postal_code"].strip().upper())
        del number  # the full number is not needed past this point
        if decline:
            status = 410 if cs["status"] != "open" else 402
            return status, render_form(cs, None, f"{decline} ({BRAND_NAMES.get(brand, brand)})", kept)
        return 200, render_form(cs)
