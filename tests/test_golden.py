"""The bundled site's generated output is what tests/golden/ says, byte for byte (tests/golden.py)."""
from __future__ import annotations

from golden import SHOWN, diff, render_snapshot, stored


def test_the_generated_output_matches_the_golden_snapshot(tmp_path):
    changes = diff(stored(), render_snapshot(tmp_path))
    assert not changes, ("the generated output changed; if that is intended, run  make golden  and name the "
                         "change in the commit message:\n" + changes[:20000])


def test_the_snapshot_shows_every_representative_file_and_hashes_all():
    snapshot = stored()
    assert {path.replace("/", "__") for path in SHOWN} <= set(snapshot)
    hashed = snapshot["files.sha256"].decode().splitlines()
    assert len(hashed) > 100 and all(len(line.split("  ")[0]) == 64 for line in hashed)
