"""The fix offered for a web address that is not https makes sense for what was written."""
from __future__ import annotations

import pytest
from pydantic_core import PydanticCustomError

from generator.fields import parse_https_url

SECURE = "use the secure address: "
EMAIL = "an email address cannot be a link here; link to a web page instead, e.g. the school's contact page"
ONLY_HTTPS = "only https web addresses are allowed, e.g. https://www.example.org/page"


@pytest.mark.parametrize("value, fix", [
    ("http://www.jcq.org.uk/results", SECURE + "https://www.jcq.org.uk/results"),
    ("HTTP://www.jcq.org.uk", SECURE + "https://www.jcq.org.uk"),
    ("http:www.jcq.org.uk", SECURE + "https://www.jcq.org.uk"),
    ("plymstockschool.org.uk", SECURE + "https://plymstockschool.org.uk"),
    ("www.jcq.org.uk/results?year=2027", SECURE + "https://www.jcq.org.uk/results?year=2027"),
    ("//www.jcq.org.uk", SECURE + "https://www.jcq.org.uk"),
    ("mailto:office@plymstockschool.org.uk", EMAIL),
    ("office@plymstockschool.org.uk", EMAIL),
    ("javascript:alert(1)", ONLY_HTTPS),
    ("JavaScript:alert(document.cookie)", ONLY_HTTPS),
    ("data:text/html,<script>alert(1)</script>", ONLY_HTTPS),
    ("ftp://ftp.jcq.org.uk/results.pdf", ONLY_HTTPS),
    ("tel:01752000000", ONLY_HTTPS),
    ("http://", ONLY_HTTPS),
    ("jcq", ONLY_HTTPS),
    ("jcq results page", ONLY_HTTPS),
], ids=lambda v: v if len(v) < 45 else v[:45])
def test_the_fix_for_an_address_that_is_not_https(value, fix):
    with pytest.raises(PydanticCustomError) as raised:
        parse_https_url(value)
    assert raised.value.context["fix"] == fix
    assert "https://javascript" not in fix and "https://mailto" not in fix
