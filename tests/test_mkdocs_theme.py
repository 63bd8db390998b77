"""The theme's static files found without walking hidden folders (generator/mkdocs_theme.py) are MkDocs' own."""
from __future__ import annotations

from conftest import REPO
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.mkdocs_theme import add_theme_files


def _listed(files: Files) -> list[tuple[str, str | None, str]]:
    return [(file.src_uri, file.abs_src_path, file.dest_uri) for file in files]


def test_the_theme_files_are_those_mkdocs_adds_in_the_same_order(tmp_path):
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    env = config.theme.get_env()
    ours, theirs = Files([]), Files([])
    add_theme_files(ours, env, config)
    theirs.add_files_from_theme(env, config)
    assert _listed(ours) == _listed(theirs) and len(_listed(ours)) > 10


def test_a_docs_file_of_the_same_name_wins_over_the_theme(tmp_path):
    from mkdocs.structure.files import File

    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    env = config.theme.get_env()
    theirs = Files([])
    theirs.add_files_from_theme(env, config)
    name = next(iter(theirs)).src_uri
    docs = tmp_path / "docs"
    (docs / name).parent.mkdir(parents=True)
    (docs / name).write_text("ours")
    ours = Files([File(name, str(docs), str(tmp_path / "site"), True)])
    add_theme_files(ours, env, config)
    assert [file.abs_src_path for file in ours if file.src_uri == name] == [str(docs / name)]
