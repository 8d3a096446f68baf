"""The student's phone in training: opens the hosted payment page the QR code points to and pays it.

It fills the simulator's page form over HTTP exactly as a browser would, so the payment reaches the
app the way a real one does (the session completes; the desk notices on its next poll). Only a page
on this computer is ever filled: a real Stripe page needs a real phone and a real card.
"""

from __future__ import annotations

import html
import re
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

# A name and postal code any test card accepts; the card number is one of Stripe's test numbers.
STUDENT = {"name": "Training Student", "postal_code": "M5V 2T6", "cvc": "123"}
_BANNER = re.compile(r'<p class="banner" role="alert">(.*?)</p>', re.S)


def pay_hosted_page(url: str, number: str = "4242424242424242") -> str | None:
    """Submit the page at `url` with a test card; None when paid, else the page's message."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost") or not parts.path.startswith("/pay/"):
        raise ValueError("Only the training simulator's payment page can be paid from the desk.")
    expiry = f"12/{(time.gmtime().tm_year + 4) % 100:02d}"
    body = urlencode({**STUDENT, "number": number, "expiry": expiry}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=10):
            return None  # 200: the page says it is paid
    except urllib.error.HTTPError as refused:  # 402 declined, 410 expired or already paid, 400 a field
        if refused.code == 410:
            return "This payment link has expired or was already paid."
        page = refused.read().decode("utf-8", "replace")
        found = _BANNER.search(page)
        return html.unescape(found.group(1)) if found else f"The payment page answered {refused.code}."
