"""`python -m generator` runs the command-line interface.

A `build` whose inputs have not changed since the site was built answers first, before the rest
of the generator is imported (generator/inputs.py): that import costs more than the answer.
"""
import sys

from generator.inputs import kept_site

if (kept := kept_site(sys.argv[1:], remember=True)) is not None:  # else its digest serves the build
    print(kept)
    sys.exit(0)

from generator.cli import main  # noqa: E402

sys.exit(main())
