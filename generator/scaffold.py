"""`new-story`: a story file that starts right (schema line, every field, the warnings that matter)."""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from generator.fields import slugify
from generator.write import write_atomic

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A pull request is public the moment it is opened: never put embargoed information
# (exam results before results day, anything not yet announced) in one.
# Photos: add one with this command, which removes the location and camera data a photo
# carries (in git it would be public forever); see "Photos" in README.md for consent and alt text:
#   python -m generator add-photo {path} PHOTO
# To take a story down once it is published, add  withdrawn: true  (README.md, "Taking down").
# Never give a pupil's full name in the text, the photo's alt text or its file name.
title: {title}
date: {day}
school: {school}
summary: >-
  One or two sentences, at most 280 characters, used in feeds and social posts.
body: |
  Write the story here. Leave a blank line between paragraphs.
tags: []
draft: true                 # delete this line when the story is ready to publish
# publish_at: {day} 08:00   # optional: not public before this UK time
"""


def new_story(stories_dir: Path, title: str, school: str, day: date, schema_file: Path) -> Path:
    """Write stories_dir/YYYY-MM-DD-slug.yaml and return its path; refuses to overwrite."""
    slug = slugify(title)[:60].strip("-") or "story"
    path = stories_dir / f"{day.isoformat()}-{slug}.yaml"
    if path.exists():
        raise FileExistsError(f"{path} already exists: choose another title")
    schema = Path(os.path.relpath(schema_file.resolve(), stories_dir.resolve())).as_posix()
    quoted = json.dumps(" ".join(title.split()), ensure_ascii=False)  # a JSON string is a valid YAML scalar
    stories_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(path, TEMPLATE.format(schema=schema, title=quoted, day=day.isoformat(), school=school,
                                       path=path.as_posix()))
    return path
