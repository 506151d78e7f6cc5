"""The README's Python example runs as written (from the repository root)."""

from __future__ import annotations

import re

from conftest import REPO


def test_readme_python_example_runs(capsys):
    text = (REPO / "README.md").read_text()
    section = text[text.index("## Python"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) == 5
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "onset_s" in out and "gross" in out
