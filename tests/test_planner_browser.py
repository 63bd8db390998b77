"""The planner in Chromium: copy buttons work where the clipboard does, and it prints on A4 without
the site's header, menu or buttons (axe and vnu: tests/test_browser.py, tests/test_vnu.py)."""
from __future__ import annotations

from urllib.parse import urljoin


def test_the_planner_lists_messages_with_copy_buttons_and_prints_on_a4(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        response = page.goto(urljoin(site_url, "planner/"), wait_until="load")
        assert response is not None and response.ok
        items = page.locator(".planner-item")
        assert items.count() > 0
        assert page.locator(".planner-item button[data-copy]").count() == items.count()
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible()
        assert not page.locator(".planner-item button[data-copy]").first.is_visible()
        assert items.first.is_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    finally:
        context.close()
