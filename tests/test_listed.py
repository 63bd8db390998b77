"""A listed story or key date is made once a build (parts.Index.listed) and only its link changes from page to page."""
from __future__ import annotations

from conftest import published

from generator import routes
from generator.plan import make_plan
from generator.render.parts import Index, key_date, story_item, story_line
from generator.routes import Here


def test_list_items_differ_only_by_their_link(content):
    plan = make_plan(published(content))
    story, event = plan.stories[0], plan.events[0]
    index = Index(plan, {})
    near, far = Here(routes.STORIES), Here(routes.story(plan.stories[-1].id))
    for make, target in ((lambda here: story_item(index, here, story, "story-row", ""), routes.story(story.id)),
                         (lambda here: story_line(index, here, story), routes.story(story.id)),
                         (lambda here: key_date(index, here, event), routes.event(event.id))):
        first, second = make(near), make(far)
        assert first.replace(f'href="{near.to(target)}"', 'href="X"') == second.replace(f'href="{far.to(target)}"', 'href="X"')
        assert make(near) == first  # from the memo, the same text
    assert set(index.listed) == {("story", story.id), ("key date", event.id)}
    assert Index(plan, {}).listed == {}  # each build (each Index) starts empty
