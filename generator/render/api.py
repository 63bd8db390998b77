"""Data for other sites: /api/events.json and /api/stories.json, with their JSON Schemas.

Only the published set the plan is built from (never a draft, an embargoed or a withdrawn story),
in the plan's order (events: upcoming first, then ended ones latest first), every address absolute. `generated` is the newest time in the
content listed, never the build's clock, so the same content and `now` give the same bytes.
The shapes are generator.api_models, which also writes the schemas.
"""
from __future__ import annotations

from collections.abc import Mapping

from generator import api_models as api
from generator import routes
from generator.models import Event, Story
from generator.plan import SitePlan, StoryImage


def render_api(plan: SitePlan, images: Mapping[str, StoryImage]) -> dict[str, str]:
    """Docs path → text: the two data files and their schemas. `images`: each story's published photo."""
    settings = plan.settings
    site = api.Site(name=settings.site_name, url=settings.site_url)
    upcoming = {event.id for event in plan.upcoming}
    events = [_event(plan, event, event.id in upcoming) for event in plan.upcoming_first]  # upcoming first
    stories = [_story(plan, story, images.get(story.id)) for story in plan.stories]
    fallback = settings.default_updated
    events_file = api.EventsFile(
        schema_=settings.url(routes.api_schema("events")), version=api.VERSION, site=site, events=events,
        generated=max((event.updated or fallback for event in plan.events), default=fallback).astimezone(plan.zone))
    stories_file = api.StoriesFile(
        schema_=settings.url(routes.api_schema("stories")), version=api.VERSION, site=site, stories=stories,
        generated=max((story.published for story in stories), default=fallback.astimezone(plan.zone)))
    files = {routes.api("events"): api.dump(events_file), routes.api("stories"): api.dump(stories_file)}
    files.update(api.api_schemas(settings))
    return files


def _school(plan: SitePlan, school_id: str) -> api.SchoolRef:
    school = plan.schools.get(school_id)
    return api.SchoolRef(id=school_id, name=school.name if school else school_id)


def _story(plan: SitePlan, story: Story, image: StoryImage | None) -> api.Story:
    settings = plan.settings
    photo = None
    if image and story.image:
        photo = api.Photo(url=settings.url(image.path), alt=story.image.alt,
                          width=image.width or None, height=image.height or None)
    return api.Story(
        id=story.id, title=story.title, date=story.date, published=story.published_at(plan.zone),
        schools=[_school(plan, school_id) for school_id in story.school], summary=story.summary,
        tags=[api.Term(id=tag, label=settings.tags.get(tag, tag)) for tag in story.tags],
        url=settings.url(routes.story(story.id)), image=photo, card=settings.url(routes.card(story.id)))


def _event(plan: SitePlan, event: Event, upcoming: bool) -> api.Event:
    settings, zone = plan.settings, plan.zone
    if event.all_day:
        start, end = plan.days[event.id]
        when: dict = {"start": start, "end": end}
    else:
        when = {"start": event.start_time.astimezone(zone),
                "end": event.end_time.astimezone(zone) if event.end is not None else None}
    ids = event.school_ids
    return api.Event(
        id=event.id, title=event.title, **when, all_day=event.all_day, status=event.status,
        category=api.Term(id=event.category, label=settings.categories.get(event.category, event.category)),
        schools="all" if ids is None else [_school(plan, school_id) for school_id in ids],
        audience=[api.Term(id=item, label=settings.audiences.get(item, item)) for item in event.audience],
        location=event.location, external_url=event.url, url=settings.url(routes.event(event.id)),
        ics=settings.url(routes.event_download(event.id)), card=settings.url(routes.card(event.id)),
        updated=event.updated.astimezone(zone) if event.updated else None,
        upcoming=upcoming)
