"""robots.txt: every page may be crawled; the sitemap (which MkDocs writes) named by its absolute URL.

Lighthouse's SEO audit and search engines read /robots.txt; without one every crawler's first
request is a 404. The file is one group for every crawler with nothing disallowed (the embed pages
say `noindex` in their own <head>, which a crawler only sees if it may fetch them) and the
`Sitemap:` line, which must be an absolute URL, so it comes from the site_url setting.
"""
from __future__ import annotations

from generator import routes
from generator.plan import SitePlan


def render_robots(plan: SitePlan) -> dict[str, str]:
    """Docs path → text: robots.txt."""
    settings = plan.settings
    text = (f"# {settings.site_name}: every page may be crawled.\n"
            "User-agent: *\n"
            "Allow: /\n"
            "\n"
            f"Sitemap: {settings.url(routes.SITEMAP)}\n")
    return {routes.ROBOTS: text}
