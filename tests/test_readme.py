"""The README's quick start runs as written (from the project folder)."""

import os
import re
import warnings

from conftest import ROOT


def test_readme_quick_start_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Quick start\n\n```python\n(.*?)```", readme, re.S).group(1)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        scope: dict = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the stanza fallback note
            exec(compile(code, "README.md", "exec"), scope)
    finally:
        os.chdir(cwd)
    assert len(scope["figures"]) > 0 and len(scope["attrs"]) > 0 and len(scope["times"]) > 0


def test_readme_document_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(import pandas as pd\nimport corpus_tools.*?)```", readme, re.S)
    scope: dict = {}
    exec(compile(block.group(1), "README.md", "exec"), scope)
    assert scope["done"].rows["figures"][0]["value"] == 150.0
    assert scope["doc"].layers["times"][0]["value"] == "2017-09-30"
