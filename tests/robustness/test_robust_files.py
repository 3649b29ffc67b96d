"""Bad input files through ``kg build``: one line per bad file, the good ones built, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from kgrun import EXAMPLES, kg
from typer.testing import CliRunner

from kg.cli import app

pytestmark = pytest.mark.model

SCRIPTED = "Iran deployed S-400 launchers in Paris"


def _bad_folder(root: Path) -> Path:
    """A folder of every kind of file kg must survive, next to good articles."""
    folder = root / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes((EXAMPLES / "01_kaliningrad_s400_wire.txt").read_bytes())
    (folder / "binary.txt").write_bytes(b"abc\x00\x01\x02\xff\xfe binary")
    (folder / "empty.txt").write_bytes(b"")
    nasams = (EXAMPLES / "08_siauliai_nasams_wire.txt").read_text(encoding="utf-8")
    (folder / "latin1.txt").write_bytes(nasams.replace("said", "sa\xefd", 1).encode("latin-1", "replace"))
    confirmed = (EXAMPLES / "05_kaliningrad_confirmed_wire.txt").read_text(encoding="utf-8")
    (folder / "utf16.txt").write_bytes(confirmed.encode("utf-16"))  # with its BOM
    brief = (EXAMPLES / "04_valdai_pantsir_brief.txt").read_text(encoding="utf-8")
    script = f'<script>var x = "{SCRIPTED}."; document.write(x);</script>'
    paragraphs = "".join(f"<p>{p}</p>{script}<style>p {{ color: red }}</style>" for p in brief.split("\n\n"))
    (folder / "page.html").write_text(
        "<html><head><style>.x::after { content: 'Russia blamed Ukraine for the strike.' }</style>"
        f"{script}</head><body><style>body {{ margin: 0 }}</style>{paragraphs}"
        "<script src='x.js'></script><noscript>Belarus denied the Iskander deployment.</noscript></body></html>",
        encoding="utf-8",
    )
    (folder / "big.txt").write_text("The S-400 battery was seen near Kaliningrad. " * 150, encoding="utf-8")
    gyumri = (EXAMPLES / "09_gyumri_torm2_blog.txt").read_text(encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        json.dumps({"text": gyumri, "url": "https://example.org/gyumri"}) + '\n{"text": "unterminated\n', encoding="utf-8"
    )
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "loop").symlink_to(".")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    return folder


def test_robust_build_reports_each_bad_file_and_builds_the_rest(tmp_path: Path) -> None:
    _bad_folder(tmp_path)
    result = kg("build", "in", "--store", "store", "--no-progress", cwd=tmp_path, env={"KG_MAX_BYTES": "4096"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors[:3] + errors[4:] == [
        "Error: in/big.txt: file is 6.6 KB, over the 4.0 KB limit; to read it, set KG_MAX_BYTES=1048576 or more",
        "Error: in/binary.txt: binary file (contains NUL bytes), not text",
        "Error: in/empty.txt: file is empty",
        "Error: in/gone.txt: broken symbolic link (its target does not exist)",
        "Error: in/loop: symbolic link loop (links back to a folder that contains it); skipped",
        "Error: in/self.txt: symbolic link loop; fix or remove the link",
    ]
    assert errors[3].startswith("Error: in/feed.jsonl:2: invalid JSON: Unterminated string") and errors[3].endswith("column 10")
    assert result.stderr.splitlines()[len(errors):] == [
        "Warning: in/latin1.txt: invalid UTF-8 at byte 216; replaced with U+FFFD (re-save the file as UTF-8 to fix)"
    ]
    assert result.stdout.startswith("5 documents: ") and "; 7 failed; 1 warning" in result.stdout

    asked = kg("ask", "deployments", "-f", "json", "--store", "store", cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    rows = json.loads(asked.stdout)
    assert {r["doc"] for r in rows} >= {"good.txt", "utf16.txt", "page.html", "feed.jsonl:1", "latin1.txt"}
    assert not any("Paris" in (r["sentence"] or "") for r in rows)
    texts = kg("query", "SELECT ?t WHERE { GRAPH ?g { ?d <https://w3id.org/kg-news/ontology#text> ?t } }",
               "-f", "json", "--store", "store", cwd=tmp_path)
    stored = " ".join(r["t"] for r in json.loads(texts.stdout))
    assert "Valdai" in stored or "valdai" in stored.lower()
    for hidden in (SCRIPTED, "color: red", "Russia blamed Ukraine for the strike", "Belarus denied the Iskander"):
        assert hidden not in stored, hidden


def test_robust_build_of_only_empty_or_blank_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.md").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    result = kg("build", "in", "--store", "store", "--no-progress", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: in/blank.txt: file contains only whitespace",
        "Error: in/empty.md: file is empty",
    ]
    assert result.stdout.startswith("0 documents: 0 deployments, 0 statements, 0 blames; 2 failed")


def test_robust_build_of_a_path_that_does_not_exist(tmp_path: Path) -> None:
    result = kg("build", "nowhere", "--store", "store", "--no-progress", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "Error: nowhere: no such file or folder\n")


def test_robust_bad_max_bytes_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    result = kg("build", "a.txt", "--store", "store", "--no-progress", cwd=tmp_path, env={"KG_MAX_BYTES": "lots"})
    assert (result.returncode, result.stderr) == (
        2, "Error: KG_MAX_BYTES='lots' is not a size; use a number of bytes such as 52428800 or 50MB\n"
    )


def _boom(*args: object, **kwargs: object) -> object:
    raise RuntimeError("reader exploded")


def test_robust_internal_error_is_one_line_without_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setattr(importlib.import_module("kg.build"), "iter_corpus", _boom)
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--store", str(tmp_path / "s"), "--no-progress"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: internal error (RuntimeError: reader exploded); "
        "rerun with 'kg --debug ...' to see the traceback and report it\n"
    )


def test_robust_debug_shows_the_traceback_of_an_internal_error(tmp_path: Path) -> None:
    code = (
        "import importlib, sys\n"
        "def boom(*a, **k):\n"
        "    raise RuntimeError('reader exploded')\n"
        "importlib.import_module('kg.build').iter_corpus = boom\n"
        "from kg.cli import main\n"
        f"sys.argv = ['kg', '--debug', 'build', {str(tmp_path)!r}, '--store', {str(tmp_path / 's')!r}, '--no-progress']\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.rstrip().endswith("RuntimeError: reader exploded")
