"""The browser form at /submit/ (docs/submit.md, docs/javascripts/submit.js), end to end in Chromium.

What the form produces is taken from the page (the GitHub link's `value`, the downloaded photo,
the YAML shown for copying), put into a copy of the content folder and run through `check`:
the form's output is only right if `check` says so. Also: live validation, the photo cleaned of
EXIF and GPS in the browser, no request to another host, axe and 320 px reflow.
Under CI (CI set) a missing browser fails these tests; elsewhere they skip with a reason.
"""
from __future__ import annotations

import io
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from browser_support import AXE_TAGS, REPO, fixture_content, format_violations
from PIL import ExifTags, Image

NOW = "2026-11-23T12:00"
REPOSITORY = "https://github.com/plymouth-schools/news/"  # mkdocs.yml, extra.settings.repository and branch


@contextmanager
def form(browser, site_url: str, width: int = 1280, scheme: str = "light"):
    """The form, loaded and ready; yields (page, every URL requested). Nothing may leave 127.0.0.1."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, accept_downloads=True)
    context.route("https://github.com/**", lambda route: route.abort())  # links are read, never followed
    requested: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(urljoin(site_url, "submit/"), wait_until="load")
        page.wait_for_function("() => !document.getElementById('psn-mode').disabled", timeout=10000)
        yield page, requested
        assert not errors, f"the page raised: {errors}"
    finally:
        context.close()


def gps_photo(path: Path, size=(2400, 1600)) -> Path:
    """A JPEG as a phone writes it: EXIF with a GPS location, a camera and 'rotate 90° to view'."""
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((0, 0, 255), (0, 0, size[0] // 2, size[1]))  # a blue left half: orientation shows in the pixels
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (50.0, 22.0, 12.0),
                ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (4.0, 8.0, 30.0)})
    image.save(path, "JPEG", exif=exif.tobytes(), comment=b"taken at the school gate")
    with Image.open(path) as saved:
        assert saved.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test photo should carry GPS"
    return path


def check(content: Path, capsys) -> tuple[int, str]:
    from generator.cli import main

    code = main(["check", "--content", str(content), "--config", str(REPO / "mkdocs.yml"), "--now", NOW])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def fill_story(page, title: str = 'Robotics: the "Rescue Rover" team reach the final') -> None:
    page.select_option("#story-school", "plymstock")
    page.fill("#story-date", "2026-11-20")
    page.fill("#story-title", title)
    page.fill("#story-summary-text", "Four Year 9 pupils built a robot that climbs a ramp: it's fast.\n And it won.")
    page.fill("#story-body", 'The team met every lunchtime.\n\n- tracks: rebuilt three times\n- "worth it", said one\n\n# not a comment')
    page.check("#story-tag-science")


def test_a_story_from_the_form_passes_check_and_its_photo_carries_no_exif(browser, site_url, tmp_path, capsys):
    photo = gps_photo(tmp_path / "IMG_1234.jpg")
    with form(browser, site_url) as (page, requested):
        fill_story(page)
        page.set_input_files("#story-photo", str(photo))
        page.wait_for_function("() => document.getElementById('story-photo-status').textContent.startsWith('Ready')")
        page.fill("#story-alt", "Four pupils: holding a small tracked robot")
        page.check("#story-consent")
        page.click("#story-prepare")
        assert page.is_visible("#story-result")
        link = page.get_attribute("#story-github", "href")
        assert page.text_content("#story-github") == "Create the story on GitHub"
        with page.expect_download() as download:
            page.click("#story-download")
        photo_bytes = Path(download.value.path()).read_bytes()
        photo_name = download.value.suggested_filename
        shown_yaml = page.input_value("#story-yaml")
    assert link.startswith(REPOSITORY + "new/main/content/stories?")
    query = parse_qs(urlsplit(link).query)
    name, text = query["filename"][0], query["value"][0]
    assert name == "2026-11-20-robotics-the-rescue-rover-team-reach-the-final.yaml"
    assert text == shown_yaml
    assert text.startswith("# yaml-language-server: $schema=../../schemas/story.schema.json\n")
    assert photo_name == name.replace(".yaml", ".jpg") and f"src: {photo_name}" in text
    # The photo: the right way up (portrait now), at most 2000 px, no EXIF, GPS, XMP or comment.
    assert b"Exif" not in photo_bytes and b"PhoneMaker" not in photo_bytes and b"school gate" not in photo_bytes
    with Image.open(io.BytesIO(photo_bytes)) as cleaned:
        assert cleaned.format == "JPEG" and cleaned.size == (1333, 2000)
        assert not cleaned.getexif() and "xmp" not in cleaned.info and "comment" not in cleaned.info
        top, bottom = cleaned.getpixel((666, 400)), cleaned.getpixel((666, 1600))
        assert top[2] > 200 > top[0] and bottom[0] > 150 > bottom[2]  # turned 90° clockwise: the blue half on top
    assert all(url.startswith((site_url, "blob:", "data:")) for url in requested)
    content = tmp_path / "content"
    shutil.copytree(fixture_content(), content)
    (content / "stories" / name).write_text(text, "utf-8")
    (content / "stories" / photo_name).write_bytes(photo_bytes)
    code, out = check(content, capsys)
    assert code == 0, out
    import yaml

    story = yaml.safe_load(text)
    assert story["title"] == 'Robotics: the "Rescue Rover" team reach the final'
    assert story["body"].endswith("\n\n# not a comment")
    assert story["image"] == {"src": photo_name, "alt": "Four pupils: holding a small tracked robot", "consent": True}


def test_a_key_date_from_the_form_appended_to_events_yaml_passes_check(browser, site_url, tmp_path, capsys):
    with form(browser, site_url) as (page, requested):
        page.check("#mode-event")
        assert page.is_visible("#event-form") and not page.is_visible("#story-form")
        page.select_option("#event-school", "plymstock")
        page.fill("#event-title", 'Sixth form open evening: "come and see"')
        page.check("#event-timed")
        page.fill("#event-start-date", "2027-01-14")
        page.fill("#event-start-time", "18:00")
        page.fill("#event-end-time", "20:30")
        page.select_option("#event-category", "careers")
        page.check("#event-audience-students")
        page.check("#event-audience-parents")
        page.fill("#event-location", "Main hall: enter by the south gate")
        page.fill("#event-url", "https://plymstockschool.org.uk/sixth-form")
        page.fill("#event-description", "Meet the staff.\n\nTours every **half hour**: no need to book.")
        page.click("#event-prepare")
        assert page.is_visible("#event-result")
        entry = page.input_value("#event-yaml")
        edit = page.get_attribute("#event-github", "href")
        shown_id = page.text_content("#event-id")
    assert edit == REPOSITORY + "edit/main/content/events.yaml"
    assert entry.startswith("- id: sixth-form-open-evening-come-and-see-2027\n")
    assert shown_id == "sixth-form-open-evening-come-and-see-2027"
    assert "  start: 2027-01-14 18:00\n  end: 2027-01-14 20:30\n" in entry
    assert all(url.startswith((site_url, "blob:", "data:")) for url in requested)
    for source in (REPO / "content", fixture_content()):  # the bundled file, and the fixture the site was built from
        content = tmp_path / source.parent.name / "content"
        shutil.copytree(source, content)
        events = content / "events.yaml"
        events.write_text(events.read_text("utf-8").rstrip("\n") + "\n\n" + entry, "utf-8")
        code, out = check(content, capsys)
        assert code == 0, f"{source}:\n{out}"


def test_an_all_day_key_date_gets_a_fresh_id(browser, site_url, tmp_path, capsys):
    """Over two whole days: start and end are dates, end the last day."""
    with form(browser, site_url) as (page, _):
        page.check("#mode-event")
        page.select_option("#event-school", "heles")
        page.fill("#event-title", "GCSE results day")
        page.fill("#event-start-date", "2027-08-19")
        page.fill("#event-end-date", "2027-08-20")
        page.select_option("#event-category", "results")
        page.click("#event-prepare")
        entry = page.input_value("#event-yaml")
    assert entry.startswith("- id: gcse-results-day-2027\n")
    assert "  start: 2027-08-19\n  end: 2027-08-20\n" in entry
    content = tmp_path / "content"
    shutil.copytree(fixture_content(), content)
    (content / "events.yaml").write_text((content / "events.yaml").read_text("utf-8") + "\n" + entry, "utf-8")
    code, out = check(content, capsys)
    assert code == 0, out


def test_event_ids_already_taken_are_never_offered(browser, site_url):
    with form(browser, site_url) as (page, _):
        page.check("#mode-event")
        page.fill("#event-title", "GCSE results")
        page.fill("#event-start-date", "2027-08-19")
        assert "gcse-results-2027-2" in page.text_content("#event-title-id")


@pytest.mark.parametrize(("day", "problem"), [("2027-03-28", "The clocks go forward then, so 01:30 does not happen"),
                                              ("2026-10-25", "The clocks go back then, so 01:30 happens twice")])
def test_a_uk_time_that_does_not_exist_or_happens_twice_is_refused(browser, site_url, day, problem):
    with form(browser, site_url) as (page, _):
        page.check("#mode-event")
        page.check("#event-timed")
        page.fill("#event-start-date", day)
        page.fill("#event-start-time", "01:30")
        assert page.text_content("#event-start-date-error").startswith(problem)
        page.fill("#event-start-time", "03:30")
        assert not page.is_visible("#event-start-date-error")


def test_the_count_and_the_error_follow_the_title_as_it_is_typed(browser, site_url):
    with form(browser, site_url) as (page, _):
        page.fill("#story-title", "x" * 119)
        assert page.text_content("#story-title-count") == "119 of 120 characters"
        assert not page.is_visible("#story-title-error")
        page.type("#story-title", "yz")
        assert page.text_content("#story-title-count") == "121 of 120 characters: 1 too many"
        assert page.text_content("#story-title-error") == "The headline is 121 characters, over the limit of 120: shorten it by 1"
        assert page.get_attribute("#story-title", "aria-invalid") == "true"
        page.press("#story-title", "Backspace")
        assert not page.is_visible("#story-title-error")
        assert page.get_attribute("#story-title", "aria-invalid") is None


def test_only_known_schools_can_be_chosen(browser, site_url):
    with form(browser, site_url) as (page, _):
        values = page.eval_on_selector_all("#story-school option", "options => options.map(o => o.value)")
        assert sorted(values) == ["", "heles", "plymstock", "utc-plymouth"]
        with pytest.raises(Exception, match="did not find some options|not found|options"):
            page.select_option("#story-school", "plymstok", timeout=1000)
        page.click("#story-prepare")
        assert page.text_content("#story-school-error") == "Choose your school from the list"


def test_a_photo_without_alt_text_or_consent_is_not_sent(browser, site_url, tmp_path):
    photo = gps_photo(tmp_path / "photo.jpg", size=(800, 600))
    with form(browser, site_url) as (page, _):
        fill_story(page)
        page.set_input_files("#story-photo", str(photo))
        page.wait_for_function("() => document.getElementById('story-photo-status').textContent.startsWith('Ready')")
        page.click("#story-prepare")
        assert not page.is_visible("#story-result")
        assert page.is_visible("#story-summary")
        assert page.evaluate("() => document.activeElement.id") == "story-summary"
        summary = page.inner_text("#story-summary-list")
        assert "Enter a description of the photo" in summary and "Tick the box to confirm consent" in summary
        assert page.text_content("#story-alt-error") == "Enter a description of the photo"
        page.fill("#story-alt", "A tracked robot on a ramp")
        page.check("#story-consent")
        page.click("#story-prepare")
        assert page.is_visible("#story-result")
        page.click("#story-photo-remove")  # without the photo the story needs no alt text
        assert "image:" not in page.input_value("#story-yaml")
        assert not page.is_visible("#story-step-upload")


def test_a_results_story_waits_for_results_day(browser, site_url):
    with form(browser, site_url) as (page, _):
        fill_story(page)
        page.check("#story-tag-results")
        page.click("#story-prepare")
        assert page.text_content("#story-results-day-error") == "Choose the results day this story is about"
        page.select_option("#story-results-day", "gcse-results-2027")  # fills in 08:00 on the day
        page.fill("#story-publish-time", "07:59")
        assert page.text_content("#story-publish-date-error").startswith("A results story may not be published before 08:00")
        page.fill("#story-publish-time", "08:00")
        page.click("#story-prepare")
        text = page.input_value("#story-yaml")
    assert "results_day: gcse-results-2027\npublish_at: 2027-08-19 08:00\n" in text


def test_a_story_too_long_for_a_link_is_copied_and_pasted(browser, site_url):
    with form(browser, site_url) as (page, _):
        fill_story(page)
        page.fill("#story-body", "A long paragraph about the final. " * 400)
        page.click("#story-prepare")
        link = page.get_attribute("#story-github", "href")
        assert page.text_content("#story-github") == "Open GitHub's new-file page"
        assert page.is_visible("#story-step-paste")
    assert "value=" not in link and "filename=2026-11-20-" in link and len(link) < 8000


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_form(browser, site_url, scheme, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    with form(browser, site_url, scheme=scheme) as (page, _):
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
        empty = Axe().run(page, options=options).response["violations"]
        fill_story(page)
        page.fill("#story-title", "x" * 130)
        page.set_input_files("#story-photo", str(gps_photo(tmp_path / "p.jpg", size=(400, 300))))
        page.wait_for_function("() => document.getElementById('story-photo-status').textContent.startsWith('Ready')")
        page.click("#story-prepare")  # errors shown, summary focused
        with_errors = Axe().run(page, options=options).response["violations"]
        page.check("#mode-event")
        page.click("#event-prepare")
        event_errors = Axe().run(page, options=options).response["violations"]
    for when, violations in (("empty", empty), ("with errors", with_errors), ("key date with errors", event_errors)):
        assert not violations, format_violations(f"/submit/ {when} ({scheme})", violations)


@pytest.mark.parametrize("mode", ["story", "event"])
def test_the_form_fits_320_px_without_sideways_scrolling(browser, site_url, mode):
    with form(browser, site_url, width=320) as (page, _):
        if mode == "story":
            fill_story(page)
            page.fill("#story-title", "A" * 200)
            page.click("#story-prepare")
            page.fill("#story-title", "A short headline")
            page.click("#story-prepare")
            assert page.is_visible("#story-result")
        else:
            page.check("#mode-event")
            page.check("#event-timed")
            page.click("#event-prepare")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"/submit/ ({mode}) is {widths[0]}px wide in a {widths[1]}px window"
