"""Command line: arguments → library call → exit code (0 ok, 1 content errors, 2 usage errors)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.build import BuildFailed, build_site, check_content
from generator.clock import ClockError, resolve_now
from generator.config import DEFAULT_CONFIG
from generator.errors import ErrorList
from generator.publish import describe_held, publish
from generator.schema import build_schemas, write_schemas

OK, CONTENT_ERRORS, USAGE = 0, 1, 2


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
    build.add_argument("--site-dir", type=Path, default=Path("site"), metavar="DIR",
                       help="where the built site goes (default: site)")
    story = commands.add_parser("new-story", help="start a story file from the template")
    story.add_argument("--title", required=True, help="the story's headline")
    story.add_argument("--school", required=True, help="the school's id from content/schools.yaml")
    story.add_argument("--date", dest="day", metavar="YYYY-MM-DD", help="the story's date (default: today)")
    story.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    story.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE")
    schema = commands.add_parser("schema", help="write JSON Schemas for content files")
    schema.add_argument("--out", type=Path, default=Path("schemas"), metavar="DIR")
    schema.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    schema.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.config.is_file():
        print(f"error: no configuration at {args.config} (run from the repository folder, or pass --config)", file=sys.stderr)
        return USAGE
    if not args.content.is_dir():
        print(f"error: no content folder at {args.content} (pass --content DIR)", file=sys.stderr)
        return USAGE
    return {"check": _check, "build": _build, "schema": _schema, "new-story": _new_story}[args.command](args)


def _report(errors: ErrorList, fmt: str, tail: str) -> None:
    for error in errors.sorted():
        print(error.as_github() if fmt == "github" else error.as_text())
    print(f"{errors.summary()} {tail}")


def _load(args, tail: str):
    checked = check_content(args.config, args.content)
    if getattr(args, "base", None) and checked.content is not None:
        failure = _compare_base(args, checked)
        if failure:
            return None, failure
    if checked.errors:
        _report(checked.errors, getattr(args, "format", "text"), tail)
        return None, None
    try:
        now = resolve_now(args.now, checked.settings.zone)
    except ClockError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None, USAGE
    return checked, now


def _compare_base(args, checked) -> int:
    """Add check --base's errors to the report; USAGE when git or the clock cannot answer."""
    from generator.history import HistoryError, compare_with_base

    try:
        now = resolve_now(args.now, checked.settings.zone)
        checked.errors.extend(compare_with_base(checked.content, args.base, now))
    except (ClockError, HistoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    return OK


def _summary(site) -> str:
    held = describe_held(site.held, site.settings.zone)
    total = len(site.stories) + len(site.held)
    stories = f"{total} stor{'y' if total == 1 else 'ies'}" + (f" ({held})" if held else "")
    return f"{len(site.schools)} schools, {stories}, {len(site.events)} events"


def _check(args) -> int:
    checked, now = _load(args, "Fix them and run check again.")
    if checked is None:
        return now or CONTENT_ERRORS
    print(_summary(publish(checked.content, now)))
    if args.base:
        print(f"Events compared with {args.base}: no change would hurt calendar subscribers.")
    return OK


def _build(args) -> int:
    checked, now = _load(args, "Nothing was published.")
    if checked is None:
        return now or CONTENT_ERRORS
    site = publish(checked.content, now)
    try:
        written, removed = build_site(args.config, site, args.site_dir)
    except BuildFailed as exc:
        print(f"error: {exc}\nThe previous site in {args.site_dir} was left as it was.")
        return CONTENT_ERRORS
    print(_summary(site))
    for held in site.held:
        due = f"due {held.due:%Y-%m-%d %H:%M}" if held.due else "draft"
        print(f"  held back: {held.story.id} ({due})")
    print(f"Built {args.site_dir} ({written} generated files changed, {removed} removed).")
    return OK


def _schema(args) -> int:
    checked = check_content(args.config, args.content)
    if checked.settings is None:
        _report(checked.errors, "text", "Fix them and run schema again.")
        return CONTENT_ERRORS
    ids = [school.id for school in checked.content.schools]
    for path in write_schemas(args.out, build_schemas(checked.settings, ids)):
        print(f"wrote {path}")
    return OK


def _new_story(args) -> int:
    from datetime import date

    from generator.scaffold import new_story

    checked = check_content(args.config, args.content)
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
