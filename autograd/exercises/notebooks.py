"""The exercise notebooks, for a teacher to hand out: `copy_exercise_notebooks` (no solutions).

From an installed wheel the notebooks are package data (``autograd/exercises/notebooks/``); in a
checkout (an editable install) they are the built files in the repository's
``notebooks/exercises/`` folder.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

PACKAGE_FOLDER = "notebooks"  # inside autograd.exercises, in a wheel
#: The repository's folder of built exercise notebooks, for a checkout.
REPOSITORY_FOLDER = Path(__file__).resolve().parents[2] / "notebooks" / "exercises"
NOTEBOOK_PATTERN = "*.ipynb"


def exercise_notebooks() -> list[Path]:
    """The exercise notebooks (without solutions), sorted by name.

    Raises:
        FileNotFoundError: neither the package data nor the repository folder has any.

    """
    packaged = resources.files("autograd.exercises") / PACKAGE_FOLDER
    for folder in (Path(str(packaged)), REPOSITORY_FOLDER):
        found = sorted(folder.glob(NOTEBOOK_PATTERN)) if folder.is_dir() else []
        if found:
            return found
    raise FileNotFoundError(
        f"no exercise notebooks found in {packaged} or {REPOSITORY_FOLDER}; in a checkout, "
        f"build them with `python notebooks/build.py exercises`, or reinstall scalar-autograd"
    )


def copy_exercise_notebooks(out: Path) -> list[Path]:
    """Copy the exercise notebooks (not their solutions) into a new folder `out`, for a class.

    Returns:
        The copied files, sorted by name.

    Raises:
        FileExistsError: `out` already exists (nothing is overwritten); choose a new folder.
        OSError: the folder or a file could not be written (e.g. no permission), or no
            notebooks were found (FileNotFoundError).

    """
    out = Path(out)
    if out.exists():
        raise FileExistsError(
            f"{out} already exists; give a folder that does not exist yet, so that no student's "
            f"work is overwritten"
        )
    sources = exercise_notebooks()
    out.mkdir(parents=True)
    return [Path(shutil.copyfile(source, out / source.name)) for source in sources]
