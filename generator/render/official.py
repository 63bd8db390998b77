"""The About, accessibility and privacy pages: hand-written Markdown with the settings filled in.

Pure: the plan in (its hand-written pages, read by the pipeline, and the settings), Markdown out.
"""
from __future__ import annotations

from generator import routes
from generator.official import fill
from generator.plan import SitePlan


def render_official(plan: SitePlan) -> dict[str, str]:
    """Docs path → Markdown for each hand-written page in pages/."""
    return {routes.docs_path(page.url): fill(page, plan.settings) for page in plan.site.pages}
