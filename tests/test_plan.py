"""The site plan and its route table: one owner for every address, clashes found by `check`, and
renderers that never reach into one another."""
from __future__ import annotations

import ast
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import NOW, REPO, loaded, published

from generator import routes
from generator.clock import resolve_now
from generator.config import load_settings
from generator.dates import clock, day_words, event_days, month_name
from generator.plan import CALENDAR_KINDS, find_clashes, make_plan
from generator.publish import publish
from generator.status import Status, status_of

GENERATOR = REPO / "generator"
ZONE = ZoneInfo("Europe/London")


def _load(content: Path):
    return loaded(content)


# ---- the route table

def test_reserved_ids_are_derived_from_the_routes():
    assert routes.RESERVED_EVENT_IDS == {"calendar", "category", "audience", "school", "index",
                                         "today", "this-week", "this-month", "next-month"}
    assert routes.RESERVED_SCHOOL_IDS == {"index", "embed"}  # embed/embed.css sits beside embed/<school>/
    assert routes.RESERVED_STORY_IDS == {"page", "index"}
    assert routes.RESERVED_TAGS == {"index"}


def test_every_route_has_one_docs_file():
    docs = [p.docs for p in routes.PATTERNS]
    assert len(docs) == len(set(docs))
    assert routes.docs_path(routes.STORIES) == "stories/index.md"
    assert routes.docs_path(routes.story("x")) == "stories/x.md"
    assert routes.docs_path(routes.SUBSCRIBE) == "subscribe.md"
    assert routes.docs_path(routes.HOME) == "index.md"
    assert routes.docs_path(routes.CALENDAR) == "calendar.ics"


def test_month_pages_school_key_dates_and_quick_views_have_their_own_files():
    assert routes.docs_path(routes.MONTH_GRID) == "events/calendar.md"  # this month, as before
    assert routes.docs_path(routes.calendar_month("2027-03")) == "events/calendar/2027-03.md"
    assert routes.docs_path(routes.events_school("plymstock")) == "events/school/plymstock.md"
    assert [routes.docs_path(url) for url in (routes.EVENTS_TODAY, routes.EVENTS_THIS_WEEK, routes.EVENTS_THIS_MONTH,
                                              routes.EVENTS_NEXT_MONTH)] == [
        "events/today.md", "events/this-week.md", "events/this-month.md", "events/next-month.md"]


@pytest.mark.parametrize("reserved", ["today", "this-week", "this-month", "next-month", "school"])
def test_an_event_cannot_take_a_quick_view_name(content, reserved):
    loaded = _load(content)
    loaded.events[0] = loaded.events[0].model_copy(update={"id": reserved})
    errors = find_clashes(loaded)
    assert [e.message for e in errors] == [
        f"'{reserved}' cannot be an event id: the site already has a page at that address"]


def test_relative_links_come_from_here():
    here = routes.Here(routes.event("gcse-results-2027"))
    assert here.to(routes.event_download("gcse-results-2027")) == "../gcse-results-2027.ics"
    assert here.to(routes.HOME) == "../../"
    assert routes.Here(routes.HOME).to(routes.HOME) == "./"


def _nav_files(config: dict) -> list[str]:
    found: list[str] = []

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                found.append(value)

    walk(config["nav"])
    return found


def test_mkdocs_nav_matches_the_route_table():
    """Each nav entry is a generated section page (as the route table names its file) or a hand-written page."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    generated = {p.docs for p in routes.PATTERNS if not p.slots}
    for entry in _nav_files(config):
        assert entry in generated or (REPO / "docs" / entry).is_file(), f"nav entry {entry} is neither generated nor in docs/"
    for section in routes.SECTIONS:
        index = routes.docs_path(section)
        assert index in generated
        assert f"/{section}**" in config["not_in_nav"], f"mkdocs.yml's not_in_nav should list /{section}**"
    nav = set(_nav_files(config))
    for section in ("stories/", "schools/", "events/"):
        assert routes.docs_path(section) in nav


def test_every_file_the_build_writes_is_a_route(tmp_path):
    """The route table is complete: each generated file is one of its patterns."""
    from generator.render.site import render_site

    files = render_site(make_plan(published(REPO / "tests" / "data" / "site", NOW)), tmp_path)
    patterns = [re.compile(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(p.docs))) for p in routes.PATTERNS]
    assert [path for path in files if not any(p.fullmatch(path) for p in patterns)] == []
    assert any(path.startswith("images/stories/") for path in files) and routes.SITE_CARD in files


# ---- no site path outside the route table

_SUFFIX = re.compile(r"(/|\.html|\.ics|\.xml|\.json|\.jpg)$")
# Literals that look like paths but name no page or file of the site, with why.
_ALLOWED = {
    ("models.py", "https://example.org/stories/x/"),  # any address: X counts every link as 23
    ("models.py", "2026-11-20-robotics-final.jpg"),   # an example file name for the JSON Schema
    ("images.py", "{}.jpg"),                          # a cached copy's file name in .cache/images
    ("pictures.py", "{}.jpg"),                        # a cached card's file name in .cache/cards
    ("markdown_cache.py", "markdown.json"),           # the Markdown cache's file name in .cache
    ("cli.py", "story.schema.json"),                  # the schemas folder beside mkdocs.yml (the repository)
    ("mkdocs_blocks.py", "base.html"),                # Material's template whose blocks are memoized, not a page
    ("mkdocs_shared.py", "partials/language.html"),   # Material's partial whose module is shared, not a page
    ("page_scans.py", "page-scans.json"),             # the fast path's kept answers, in .cache
}


def _site_path_like(text: str) -> bool:
    if "://" in text:
        text = text.partition("://")[2].partition("/")[2]  # the path after the host
    return bool(text and re.fullmatch(r"[A-Za-z0-9{}_.\-/#]+", text) and not text.startswith(".")
                and re.search(r"[A-Za-z{]", text) and _SUFFIX.search(text))


def _literals(path: Path):
    """Every string literal in a module but docstrings; an f-string as its text with {} for each value."""
    tree = ast.parse(path.read_text("utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(value) for value in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def find_site_paths(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        if path.name == "routes.py" and path.parent == GENERATOR:
            continue
        for line, text in _literals(path):
            if _site_path_like(text) and (path.name, text) not in _ALLOWED:
                found.append(f"{path.relative_to(folder.parent)}:{line}: {text!r}")
    return found


def test_no_site_path_outside_the_route_table():
    assert find_site_paths(GENERATOR) == []


def test_the_site_path_scan_can_fail(tmp_path):
    package = tmp_path / "generator"
    package.mkdir()
    (package / "stray.py").write_text('def f(x):\n    """stories/ in a docstring is fine."""\n'
                                      '    return f"stories/{x}/", "feed.xml", "https://news.example/schemas/a.json", "/"\n')
    assert find_site_paths(package) == ["generator/stray.py:3: 'stories/{}/'", "generator/stray.py:3: 'feed.xml'",
                                        "generator/stray.py:3: 'https://news.example/schemas/a.json'"]


# ---- renderers never import one another

RENDERERS = {"ical", "feeds", "cards", "pages", "api", "embed"}  # each writes files of its own kind
PAGE_PARTS = {"story_pages", "event_pages", "calendar_grid", "key_date_views", "subscribe"}  # pages.py assembles these


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", sorted(RENDERERS | PAGE_PARTS | {"social", "calendar_links", "parts", "follow", "browse"}))
def test_a_renderer_imports_no_other_renderer(module):
    imported = {name.rsplit(".", 1)[-1] for name in _imports(GENERATOR / "render" / f"{module}.py")
                if name.startswith("generator.render.")}
    allowed = PAGE_PARTS if module == "pages" else set()
    assert imported & (RENDERERS | PAGE_PARTS) - allowed - {module} == set()


def test_no_stage_reaches_into_a_renderer():
    for path in GENERATOR.glob("*.py"):
        if path.name in ("pipeline.py", "pictures.py"):  # the pipeline calls render_site; the images stage draws cards
            continue
        assert not any(name.startswith("generator.render") for name in _imports(path)), path.name


# ---- the plan

@pytest.fixture
def plan(content):
    return make_plan(publish(_load(content), resolve_now(NOW, ZONE)))


def test_the_plan_lists_every_feed_once_with_one_type(plan):
    paths = [feed.path for feed in plan.feeds]
    assert len(paths) == len(set(paths))
    calendars = [feed for feed in plan.feeds if feed.kind in CALENDAR_KINDS]
    assert paths[:len(calendars)] == [feed.path for feed in calendars]  # calendars first
    assert routes.CALENDAR in paths and routes.story_feed("json") in paths
    assert {routes.school_calendar(s) for s in plan.schools} <= set(paths)


def test_event_windows(plan):
    today = plan.today
    assert all(plan.days[e.id][1] >= today for e in plan.upcoming)
    assert all(plan.days[e.id][1] < today for e in plan.past)
    assert plan.in_feeds == [e for e in plan.events if e in plan.upcoming or e in plan.past]


def test_one_card_per_story_and_event_and_the_site(plan):
    paths = [card.path for card in plan.cards]
    assert len(paths) == len(plan.stories) + len(plan.events) + 1 == len(set(paths))


# ---- clashes are content errors

def test_an_event_with_a_story_id_fails_check_and_build_without_a_traceback(tmp_path, content, run_cli):
    story = "2026-11-20-robotics-final"
    with (content / "events.yaml").open("a") as events:
        events.write(f"- id: {story}\n  title: Robotics final\n  start: 2027-02-10\n  category: science\n")
    for command in ("check", "build"):
        args = [command, "--content", "content", "--now", NOW]
        if command == "build":
            shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
            args += ["--config", str(tmp_path / "mkdocs.yml"), "--site-dir", "site"]
        code, out, err = run_cli(*args)
        assert code == 1
        assert f"content/stories/{story}.yaml:1:1: this story's id '{story}' is also the id of an event" in out
        assert "Traceback" not in out + err
    assert not (tmp_path / "site").exists()


def test_a_story_with_a_reserved_id_is_reported_at_the_story(content):
    loaded = _load(content)
    # a file name can never be one, but the rule does not rely on that
    loaded.stories[0] = loaded.stories[0].model_copy(update={"id": "page"})
    errors = find_clashes(loaded)
    assert [(Path(e.path).name, e.line, e.message) for e in errors] == [
        ("2026-11-20-robotics-final.yaml", 1, "'page' cannot be a story id: the site already has a page at that address")]
    assert errors[0].fix == "rename the file to page-2.yaml"


def test_ids_in_different_folders_do_not_clash(content):
    """A school, an event and a story may share an id as long as no address is shared: schools/x/ and
    events/x/ are different pages, and schools have no card."""
    loaded = _load(content)
    loaded.schools[0] = loaded.schools[0].model_copy(update={"id": loaded.events[0].id,
                                                             "source": loaded.schools[1].source})
    assert find_clashes(loaded) == []


def test_a_school_called_embed_is_reported_and_api_or_embed_are_free_elsewhere(content):
    """embed/<school>/ sits beside embed/embed.css, so 'embed' is a reserved school id; the api/ and
    embed/ folders are at the top of the site, where no story, event or tag has its address."""
    with (content / "schools.yaml").open("a") as schools:
        schools.write("\n- id: embed\n  name: Embed Academy\n")
    with (content / "events.yaml").open("a") as events:
        for event_id in ("api", "embed"):
            events.write(f"- id: {event_id}\n  title: Open evening\n  start: 2027-02-10\n  category: community\n")
    from generator import pipeline

    errors = pipeline.check(REPO / "mkdocs.yml", content, NOW).errors.errors
    assert [(Path(e.path).name, e.field, e.message, e.fix) for e in errors] == [
        ("schools.yaml", "id", "'embed' cannot be a school id: the site already has a page at that address",
         "choose a more specific id, e.g. embed-academy")]
    assert routes.docs_path(routes.embed("plymstock")) == "embed/plymstock/index.html"
    assert routes.api("events") == "api/events.json" and routes.api_schema("stories") == "schemas/api/stories.schema.json"


def test_a_reserved_tag_is_a_settings_error(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text("utf-8").replace("      aspiration: Aspiration\n",
                                                                       "      aspiration: Aspiration\n      index: Index\n"))
    settings, errors = load_settings(config)
    assert settings is None
    assert ["'index' cannot be a tag: the site already has a page at that address" in e.message for e in errors] == [True]


# ---- dates and statuses

def test_dates_in_words_need_no_locale():
    assert day_words(date(2027, 8, 19)) == "Thursday 19 August 2027"
    assert day_words(date(2027, 8, 19), year=False) == "Thursday 19 August"
    assert month_name(2027, 1) == "January 2027"
    assert [clock(datetime(2027, 1, 1, h, m)) for h, m in ((0, 0), (8, 30), (12, 0), (16, 0))] == \
        ["midnight", "8:30am", "12 noon", "4pm"]


def test_no_locale_dependent_or_platform_date_format_in_generator():
    """No %A/%a/%B/%b (the machine's locale) or %-d (not on Windows) in any format or strftime call."""
    found = []
    for path in GENERATOR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            specs = []
            if isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
                specs = [v.value for v in node.format_spec.values if isinstance(v, ast.Constant)]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "strftime":
                specs = [a.value for a in node.args if isinstance(a, ast.Constant)]
            found += [f"{path.name}:{node.lineno}" for spec in specs if re.search(r"%-d|%[AaBb]", str(spec))]
    assert found == []


def test_one_inclusive_last_day():
    class Timed:
        def __init__(self, start, end=None):
            self.start, self.end = start, end

    assert event_days(Timed(date(2027, 3, 5), date(2027, 3, 14))) == (date(2027, 3, 5), date(2027, 3, 14))
    midnight = Timed(datetime(2027, 1, 20, 19, 0, tzinfo=ZONE), datetime(2027, 1, 21, 0, 0, tzinfo=ZONE))
    assert event_days(midnight) == (date(2027, 1, 20), date(2027, 1, 20))


def test_each_status_carries_all_its_values():
    import icalendar

    assert [s.key for s in Status] == ["confirmed", "tentative", "cancelled"]
    for status in Status:
        assert status_of(status.key) is status
        assert isinstance(status.words.ical, icalendar.enums.STATUS)
        assert status.words.schema_org in ("EventScheduled", "EventCancelled")
    assert status_of("cancelled").words.summary_prefix == "Cancelled: "
    assert status_of("confirmed").words.banner is None
