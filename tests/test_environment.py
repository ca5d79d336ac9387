"""environment.yml and pyproject.toml must list the same dependencies."""

import re
import tomllib

import yaml
from conftest import ROOT

# conda-forge names that differ from PyPI's
CONDA_TO_PYPI = {"pytorch": "torch"}
NOT_PACKAGES = {"python", "pip"}


def _name(requirement: str) -> str:
    name = re.split(r"[\s<>=!~\[;]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        declared |= {_name(r) for r in extra}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {
        CONDA_TO_PYPI.get(_name(d), _name(d)) for d in env["dependencies"] if isinstance(d, str)
    }
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip == [{"pip": ["-e ."]}], "environment.yml installs the package itself with pip -e ."
    assert "conda-forge" in env["channels"]
    assert conda - NOT_PACKAGES - {"torch"} == declared


def test_no_deprecated_packaging_metadata():
    """setuptools deprecates ``license = {text = …}`` (an error from 2027-02-18): the
    licence is an SPDX string, which needs setuptools ≥ 77."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(pyproject["project"]["license"], str)
    requires = " ".join(pyproject["build-system"]["requires"])
    assert (
        re.search(r"setuptools>=(\d+)", requires)
        and int(re.search(r"setuptools>=(\d+)", requires).group(1)) >= 77
    )
