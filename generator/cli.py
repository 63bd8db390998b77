"""Command line: arguments → library call → exit code (0 ok, 1 content errors, 2 usage errors)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import inputs, new_event, pipeline, summary
from generator.build import BuildFailed
from generator.clock import ClockError, resolve_now
from generator.config import DEFAULT_CONFIG
from generator.errors import WARNINGS_TAIL, ErrorList
from generator.fields import DEFAULT_ZONE
from generator.pipeline import Checked, Status
from generator.publish import describe_held, publish
from generator.schema import build_schemas, write_schemas

OK, CONTENT_ERRORS, USAGE = Status.OK, Status.CONTENT_ERRORS, Status.USAGE


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with a one-line hint, as argparse does
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="Build Plymouth's school news and key dates.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="the content folder (default: content)")
    common.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE",
                        help="the site configuration (default: mkdocs.yml)")
    common.add_argument("--now", metavar="ISO-DATETIME",
                        help="the build's clock, UK time unless an offset is given (default: SOURCE_DATE_EPOCH or now)")
    check = commands.add_parser("check", parents=[common], help="validate all content and report every error")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github prints GitHub Actions annotations")
    check.add_argument("--base", metavar="GIT-REF",
                       help="also compare events.yaml with this git ref (e.g. origin/main) and report changes "
                            "that would hurt calendar subscribers")
    build = commands.add_parser("build", parents=[common], help="check, generate and build the site")
    build.add_argument("--site-dir", type=Path, metavar="DIR",
                       help="where the built site goes (default: site, or preview with --preview)")
    build.add_argument("--keep-going", action="store_true",
                       help="the deploy's build: hold back each story whose file has errors (like a draft), publish "
                            "everything else, then exit 1; errors in events, schools or settings still stop it")
    build.add_argument("--format", choices=("text", "github"), default="text",
                       help="github prints GitHub Actions annotations")
    build.add_argument("--production", action="store_true",
                       help="the deploy's build: also refuse to publish while a contact setting is unset, the "
                            "repository is the placeholder, or a hand-written page carries a [... to be confirmed]")
    build.add_argument("--preview", action="store_true",
                       help="also show drafts and embargoed stories, with a 'not yet published' banner, in a "
                            "separate folder for local review (never the deploy folder)")
    serve = commands.add_parser("serve", parents=[common],
                                help="preview the site, regenerating the pages whenever content changes")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                       help="where to serve the preview (default: 127.0.0.1:8000)")
    serve.add_argument("--with", dest="tool", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="the site builder that serves the preview (default: mkdocs)")
    story = commands.add_parser("new-story", help="start a story file from the template")
    story.add_argument("--title", required=True, help="the story's headline")
    story.add_argument("--school", required=True, help="the school's id from content/schools.yaml")
    story.add_argument("--date", dest="day", metavar="YYYY-MM-DD", help="the story's date (default: today)")
    story.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    story.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE")
    photo = commands.add_parser("add-photo", help="make a photo safe (upright, at most 2000 px, no EXIF or "
                                                  "location) and add it to a story")
    photo.add_argument("story_file", type=Path, metavar="STORY_FILE", help="the story's .yaml file")
    photo.add_argument("photo", type=Path, metavar="PHOTO", help="the photo: JPEG, PNG or WebP")
    summary.register(commands)
    new_event.register(commands)
    schema = commands.add_parser("schema", help="write JSON Schemas for content files")
    schema.add_argument("--out", type=Path, default=Path("schemas"), metavar="DIR")
    schema.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    schema.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "add-photo":  # needs neither the configuration nor the content folder
        return _add_photo(args)
    if not args.config.is_file():
        print(f"error: no configuration at {args.config} (run from the repository folder, or pass --config)", file=sys.stderr)
        return USAGE
    if not args.content.is_dir():
        print(f"error: no content folder at {args.content} (pass --content DIR)", file=sys.stderr)
        return USAGE
    if hasattr(args, "now"):
        try:  # a usage error is reported before any content is read
            resolve_now(args.now, ZoneInfo(DEFAULT_ZONE))
        except ClockError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return USAGE
    return {"check": _check, "build": _build, "schema": _schema, "new-story": _new_story,
            "serve": _serve, "summary": summary.run, "new-event": new_event.run}[args.command](args)


def _report(errors: ErrorList, fmt: str, tail: str | None) -> None:
    for line in errors.report(fmt, tail):
        print(line)


def _check_args(args, tail: str, keep_going: bool = False) -> Checked:
    """pipeline.check with the command's arguments; prints the errors (and a usage problem)."""
    checked = pipeline.check(args.config, args.content, args.now, base=getattr(args, "base", None),
                             keep_going=keep_going)
    _print_checked(checked, args, tail)
    return checked


def _print_checked(checked: Checked, args, tail: str) -> None:
    if checked.usage:
        print(f"error: {checked.usage}", file=sys.stderr)
    elif checked.errors:
        _report(checked.errors, getattr(args, "format", "text"), tail)
    elif checked.errors.warnings:  # printed, but they never stop check or the build
        _report(checked.errors, getattr(args, "format", "text"), WARNINGS_TAIL)


def _summary(site) -> str:
    held = describe_held(site.held, site.settings.zone)
    total = len(site.stories) + len(site.held)
    stories = f"{total} stor{'y' if total == 1 else 'ies'}" + (f" ({held})" if held else "")
    return f"{len(site.schools)} schools, {stories}, {len(site.events)} events"


def _check(args) -> int:
    checked = _check_args(args, "Fix them and run check again.")
    if not checked.publishable or checked.content is None or checked.now is None:
        return checked.status
    print(_summary(publish(checked.content, checked.now)))
    if args.base:
        print(f"Events compared with {args.base}: no change would hurt calendar subscribers.")
    return Status.OK


def _site_dir_problem(args, checked: Checked) -> str | None:
    """Why the build may not replace args.site_dir (it is replaced whole), or None. Sets its default."""
    if args.preview:
        deploy = {(Path.cwd() / "site").resolve(), checked.site_dir}
        args.site_dir = args.site_dir or Path("preview")
        if any(args.site_dir.resolve().is_relative_to(folder) for folder in deploy):
            return (f"--preview may not build into {args.site_dir}, the folder that is deployed: "
                    "use another folder (default: preview)")
    args.site_dir = args.site_dir or Path("site")
    target = args.site_dir.resolve()
    for keep in (checked.config.resolve().parent, args.content.resolve(), checked.docs_dir):
        if keep == target or keep.is_relative_to(target):
            return (f"--site-dir {args.site_dir} would replace {keep}, which holds the site's sources: "
                    "choose a folder only the build writes to (default: site)")
    return None


def _build(args) -> int:
    digest = None
    if not args.preview:  # read before the content, so an edit made during the build is seen next time
        digest = inputs.taken_digest(args.config, args.content, args.site_dir or Path("site"),
                                     inputs.build_options(args.keep_going, args.production))
        if inputs.unchanged(args.site_dir or Path("site"), digest, args.now):
            print(inputs.kept_message(args.site_dir or Path("site"), args.format))
            return Status.OK
    checked = pipeline.check(args.config, args.content, args.now, keep_going=args.keep_going,
                             production=args.production)
    problem = _site_dir_problem(args, checked) if checked.settings is not None else None
    if problem:  # a usage error comes before any report on the content
        print(f"error: {problem}", file=sys.stderr)
        return Status.USAGE
    _print_checked(checked, args, "Nothing was published.")
    if not checked.publishable:
        return checked.status
    try:
        built = pipeline.build(checked, args.site_dir, preview=args.preview, inputs_digest=digest)
    except BuildFailed as exc:
        print(f"error: {exc}\nThe previous site in {args.site_dir} was left as it was.")
        return Status.CONTENT_ERRORS
    site = built.site
    print(_summary(site))
    zone = site.settings.zone
    for held in site.held:
        due = f"due {held.due.astimezone(zone):%Y-%m-%d %H:%M}" if held.due else held.reason
        print(f"  held back: {held.story.id} ({due})")
    for story_id, held in site.previewed.items():
        due = f"due {held.due.astimezone(zone):%Y-%m-%d %H:%M}" if held.due else held.reason
        print(f"  in this preview only: {story_id} ({due})")
    if args.preview:
        print(f"Built a preview in {args.site_dir}: it shows stories that are not yet published. Never deploy it.")
    else:
        print(f"Built {args.site_dir} ({built.written} generated files changed, {built.removed} removed).")
    if checked.held_back:
        _report(checked.held_back, args.format, None)
        names = ", ".join(sorted(checked.held_back_ids))
        print(f"{checked.held_back.summary()} Held back until fixed (like a draft): {names}. "
              "Everything else was published.")
        return Status.CONTENT_ERRORS
    return Status.OK


def _add_photo(args) -> int:
    from generator.images import PhotoError, add_photo
    from generator.load import STORY_NAME

    if not args.story_file.is_file() or not STORY_NAME.match(args.story_file.name):
        print(f"error: {args.story_file} is not a story file (content/stories/YYYY-MM-DD-words.yaml)", file=sys.stderr)
        return USAGE
    if not args.photo.is_file():
        print(f"error: no photo at {args.photo}", file=sys.stderr)
        return USAGE
    try:
        added = add_photo(args.story_file, args.photo)
    except PhotoError as exc:
        print(f"error: {args.photo}: {exc.message}" + (f"\n  fix: {exc.fix}" if exc.fix else ""))
        return CONTENT_ERRORS
    print(f"wrote {added.photo}: upright, at most 2000 pixels, with no EXIF, location or other metadata")
    if added.new_block:
        print(f"added an image: block to {args.story_file}: fill in its alt (what the photo shows, no names) and "
              "consent (true once consent is held for everyone identifiable). check fails until both are filled in.")
    else:
        print(f"set image.src in {args.story_file}")
    if added.previous:
        print(f"the story used {added.previous} before: delete it (git rm) if no other story uses it")
    if args.photo.resolve() != added.photo.resolve():
        print(f"Commit {added.photo.name}, never the original {args.photo.name}: git history is public and permanent.")
    print("Then run  python -m generator check")
    return OK


def _schema(args) -> int:
    checked = pipeline.check(args.config, args.content)
    if checked.settings is None or checked.content is None:
        _report(checked.errors, "text", "Fix them and run schema again.")
        return CONTENT_ERRORS
    ids = [school.id for school in checked.content.schools]
    for path in write_schemas(args.out, build_schemas(checked.settings, ids)):
        print(f"wrote {path}")
    return OK


def _new_story(args) -> int:
    from datetime import date

    from generator.scaffold import new_story

    checked = pipeline.check(args.config, args.content)
    ids = {school.id for school in checked.content.schools} if checked.content else set()
    if ids and args.school not in ids:
        from generator.errors import did_you_mean

        print(f"error: unknown school '{args.school}': {did_you_mean(args.school, ids, 'school')}", file=sys.stderr)
        return USAGE
    try:
        day = date.fromisoformat(args.day) if args.day else date.today()
    except ValueError:
        print(f"error: --date '{args.day}' is not a date like 2026-11-20", file=sys.stderr)
        return USAGE
    try:
        path = new_story(args.content / "stories", args.title, args.school, day,
                         args.config.parent / "schemas" / "story.schema.json")
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    print(f"wrote {path}: fill in the summary, body and tags, then run  python -m generator check")
    return OK


def _serve(args) -> int:
    from generator.serve import serve

    return serve(args.config, args.content, args.now, args.dev_addr, args.tool)
