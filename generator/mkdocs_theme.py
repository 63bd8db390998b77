"""The theme's static files for MkDocs' file list, without walking its hidden icon folders.

`Files.add_files_from_theme` (MkDocs 1.6) lists every file of the theme's folders through Jinja
and then drops, among others, every path with a part that starts with a dot. Material keeps some
10,000 icons in `.icons/` (read only by templates, never copied), so the listing and the filter
spend most of their time on files that are always dropped: a third of a second of every build,
one story changed included. `add_theme_files` adds the same files in the same order, but never
walks a folder whose name starts with a dot. Another MkDocs, or a loader other than MkDocs' own
folder loader, gets MkDocs' own method (tests/test_mkdocs_theme.py compares the two).
"""
from __future__ import annotations

import fnmatch
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def add_theme_files(files: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
    """What files.add_files_from_theme(env, config) adds, found without walking dot folders."""
    import jinja2
    import mkdocs
    from mkdocs import utils
    from mkdocs.structure.files import File

    loader = env.loader
    if type(loader) is not jinja2.FileSystemLoader or not mkdocs.__version__.startswith("1.6."):
        files.add_files_from_theme(env, config)
        return
    # MkDocs 1.6.1's filter, as Files.add_files_from_theme declares it; the first two patterns drop
    # any path with a part that starts with a dot, which is why such folders need no walking.
    patterns = [".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "locales/*",
                *(f"*{extension}" for extension in utils.markdown_extensions), *config.theme.static_templates]
    found: set[str] = set()
    for searchpath in loader.searchpath:
        for folder, subfolders, names in os.walk(searchpath, followlinks=loader.followlinks):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in names:
                path = os.path.join(folder, name)[len(searchpath):].strip(os.path.sep).replace(os.path.sep, "/")
                found.add(path.removeprefix("./"))
    for path in sorted(found):
        if any(fnmatch.fnmatch(path.lower(), pattern) for pattern in patterns):
            continue
        if files.get_file_from_path(path) is None:  # a docs file of that name wins
            for folder in config.theme.dirs:
                if os.path.isfile(os.path.join(folder, path)):
                    files.append(File(path, folder, config.site_dir, config.use_directory_urls))
                    break
