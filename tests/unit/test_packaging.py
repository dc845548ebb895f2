"""pyproject.toml lists every package, so the wheel holds all the code and the shipped data.

The packages are listed by hand (setuptools' package finder cannot also map the top-level
levels/ and calibration/ folders into the package); a new subpackage that is not listed would
be missing from the wheel, and only an installed program would notice.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"]
DATA_PACKAGES = {"balancegame.shipped_levels": "levels",
                 "balancegame.shipped_calibration": "calibration"}


def test_every_code_package_is_listed() -> None:
    code = {".".join(p.parent.relative_to(REPO).parts)
            for p in (REPO / "balancegame").rglob("*.py") if "__pycache__" not in p.parts}
    assert sorted(set(SETUPTOOLS["packages"]) - set(DATA_PACKAGES)) == sorted(code)


def test_the_data_folders_are_mapped_into_the_package() -> None:
    assert SETUPTOOLS["package-dir"] == DATA_PACKAGES
    for package, folder in DATA_PACKAGES.items():
        assert package in SETUPTOOLS["packages"]
        # A regular package: setuptools' editable finder cannot import a mapped namespace one.
        assert (REPO / folder / "__init__.py").is_file(), folder
    data = SETUPTOOLS["package-data"]["balancegame.shipped_levels"]
    assert {"*.toml", "README.md", "programs/*.toml"} <= set(data)
