"""The only writer of generated files: writes bytes that changed, removes what is no longer made."""
from __future__ import annotations

import json
import os
from pathlib import Path

MANIFEST = ".generated.json"


def write_generated(docs_dir: Path, files: dict[str, str | bytes]) -> tuple[int, int]:
    """Bring docs_dir's generated files in line with `files`. Returns (written, removed)."""
    written = removed = 0
    manifest_path = docs_dir / MANIFEST
    previous = set(_read_manifest(manifest_path))
    for relative, content in sorted(files.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = docs_dir / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        written += 1
    for relative in sorted(previous - set(files)):
        target = docs_dir / relative
        if target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, docs_dir)
    manifest = json.dumps(sorted(files), indent=0).encode()
    if not manifest_path.is_file() or manifest_path.read_bytes() != manifest:
        manifest_path.write_bytes(manifest)
    return written, removed


def _read_manifest(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text("utf-8"))
        return [item for item in data if isinstance(item, str) and ".." not in item]
    except (OSError, ValueError):
        return []


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
