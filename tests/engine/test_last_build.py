"""The last-build record: what counts as the same inputs, the same output, and the record.

A build is skipped only when its inputs digest and the output's fingerprint are those
recorded; these tests pin what changes each, on the small corpus of
``tests/fixtures/checks/base``. The builds that use them are in
test_build_robustness.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import generator
from generator.engine import last_build
from generator.engine.last_build import (
    Record,
    find,
    forget,
    inputs_digest,
    output_digest,
    output_fingerprint,
    remember,
)
from generator.problems import Problem, Severity
from generator.settings import Settings, load_settings
from tests.checks.test_checks import fixture_project
from tests.conftest import AS_OF

OPTIONS = {"pdf": True, "shard": ""}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = fixture_project(tmp_path / "project")
    shutil.rmtree(project / "theme")  # a small theme of its own: quicker to digest
    (project / "theme" / "templates").mkdir(parents=True)
    (project / "theme" / "templates" / "base.html").write_text("<html></html>")
    return project


def settings_of(project: Path, **overrides: Any) -> Settings:
    return load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF, **overrides})


def digest(project: Path, **overrides: Any) -> str:
    return inputs_digest(settings_of(project), {**OPTIONS, **overrides})


def site(root: Path) -> Path:
    for name, text in {"index.html": "home", "css/site.css": "body {}", "a/b/c.txt": "c"}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def record(output: Path, inputs: str = "inputs") -> Record:
    problem = Problem("content/x.yaml", 3, 7, Severity.WARNING, "a warning", "a hint")
    return Record(inputs, output_fingerprint(output), [problem], ["a.pdf"], ["a PDF warning"])


# The inputs digest


def test_the_same_inputs_give_the_same_digest(project: Path) -> None:
    assert digest(project) == digest(project)


@pytest.mark.parametrize(
    "edit",
    [
        "content/relationships/fi-is/index.md",
        "content/sources.yaml",
        "theme/templates/base.html",
    ],
)
def test_an_edit_to_the_content_or_theme_changes_the_digest(project: Path, edit: str) -> None:
    before = digest(project)
    path = project / edit
    path.write_text(path.read_text() + "\n")

    assert digest(project) != before


def test_a_new_or_renamed_file_changes_the_digest(project: Path) -> None:
    before = digest(project)
    (project / "content" / "relationships" / "fi-is" / "notes.txt").write_text("")
    added = digest(project)
    (project / "content" / "relationships" / "fi-is" / "notes.txt").rename(
        project / "content" / "relationships" / "fi-is" / "other.txt"
    )

    assert len({before, added, digest(project)}) == 3


def test_an_empty_folder_and_a_symbolic_link_are_inputs(project: Path) -> None:
    before = digest(project)
    (project / "content" / "empty").mkdir()
    with_folder = digest(project)
    (project / "content" / "link").symlink_to("sources.yaml")
    with_link = digest(project)
    (project / "content" / "link").unlink()
    (project / "content" / "link").symlink_to("people.yaml")

    assert len({before, with_folder, with_link, digest(project)}) == 4


def test_the_modes_of_content_files_are_not_inputs(project: Path) -> None:
    """The build reads the files' bytes: making one executable changes no page."""
    before = digest(project)
    (project / "content" / "sources.yaml").chmod(0o755)

    assert digest(project) == before


def test_python_caches_are_not_inputs(project: Path) -> None:
    before = digest(project)
    cache = project / "theme" / "__pycache__"
    cache.mkdir()
    (cache / "module.cpython-311.pyc").write_bytes(b"\0")

    assert digest(project) == before


def test_a_change_to_the_code_changes_the_digest(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    code.mkdir()
    (code / "module.py").write_text("VALUE = 1\n")
    monkeypatch.setattr(last_build, "CODE_DIR", code)
    before = digest(project)
    (code / "module.py").write_text("VALUE = 2\n")

    assert digest(project) != before


def test_the_code_digested_is_the_whole_generator_package() -> None:
    """Every stage's code is an input, not only the engine's own folder."""
    assert Path(generator.__file__).parent == last_build.CODE_DIR
    assert (last_build.CODE_DIR / "pages" / "generator.py").is_file()


def test_settings_options_and_locale_change_the_digest(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    before = digest(project)
    other_date = inputs_digest(settings_of(project, BRIEFINGS_AS_OF=AS_OF.replace(day=1)), OPTIONS)
    without_pdfs = digest(project, pdf=False)
    monkeypatch.setenv("TZ", "Asia/Almaty")

    assert len({before, other_date, without_pdfs, digest(project)}) == 4


def test_the_digest_is_the_same_in_every_process(project: Path) -> None:
    """Sets and objects in the settings must not make it depend on the hash seed or on
    memory addresses, or no build would ever be skipped."""
    program = (
        "import sys; from pathlib import Path; "
        "from generator.settings import Settings, load_settings; "
        "from generator.engine.last_build import inputs_digest; "
        "extra = {'kinds': {'person', 'country', 'topic', 'mechanism'}, "
        "'frozen': frozenset({'a', 'b', 'c', 'd'}), 'object': object(), 'pair': ('x', 1)}; "
        "settings = load_settings(Path(sys.argv[1]), {'BRIEFINGS_AS_OF': sys.argv[2], "
        "'EXTRA': extra}); "
        "print(inputs_digest(settings, {'pdf': True}))"
    )
    digests = set()
    for seed in ("1", "2", "3"):
        found = subprocess.run(
            [sys.executable, "-c", program, str(project / "pelicanconf.py"), AS_OF.isoformat()],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(found.stdout)

    assert len(digests) == 1


# The output


def test_output_digest_sees_contents_and_modes_but_not_times(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    before = output_digest(output)
    os.utime(output / "index.html", (0, 0))
    untouched = output_digest(output)
    (output / "a/b/c.txt").write_text("d")
    edited = output_digest(output)
    (output / "a/b/c.txt").chmod(0o600)

    assert untouched == before
    assert len({before, edited, output_digest(output)}) == 3


def test_the_fingerprint_sees_a_file_rewritten_with_its_size_and_time(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    page = output / "a" / "b" / "c.txt"
    before = output_fingerprint(output)
    old = page.stat()
    page.write_text("x")
    os.utime(page, ns=(old.st_atime_ns, old.st_mtime_ns))

    assert output_fingerprint(output) != before


def test_the_fingerprint_sees_files_added_and_renamed_in_subfolders(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    before = output_fingerprint(output)
    (output / "a" / "b" / "new.txt").write_text("")
    added = output_fingerprint(output)
    (output / "a" / "b" / "new.txt").rename(output / "a" / "b" / "renamed.txt")

    assert output_fingerprint(output) == output_fingerprint(output)
    assert len({before, added, output_fingerprint(output)}) == 3


def test_the_fingerprint_reads_links_in_the_output_as_links(tmp_path: Path) -> None:
    """A link that leads nowhere, or back up the tree, is fingerprinted as what it is:
    never followed, so neither an error nor endless."""
    output = site(tmp_path / "output")
    (output / "a" / "dangling").symlink_to("missing.html")
    (output / "a" / "b" / "loop").symlink_to("../..", target_is_directory=True)
    before = output_fingerprint(output)
    (output / "a" / "dangling").unlink()
    (output / "a" / "dangling").symlink_to("elsewhere.html")

    assert output_fingerprint(output) != before


# The record


def test_a_remembered_build_is_found_with_what_it_reported(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    remember(tmp_path / "cache", output, record(output))

    found = find(tmp_path / "cache", output, "inputs")

    assert found == record(output)
    assert found is not None and found.problems[0].severity is Severity.WARNING
    assert [path.suffix for path in (tmp_path / "cache" / "builds").iterdir()] == [".json"]


def test_other_inputs_a_touched_or_missing_output_find_nothing(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    cache = tmp_path / "cache"
    remember(cache, output, record(output))

    assert find(cache, output, "other inputs") is None
    (output / "index.html").write_text("edited")
    assert find(cache, output, "inputs") is None
    remember(cache, output, record(output))
    for path in sorted(output.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    output.rmdir()
    assert find(cache, output, "inputs") is None


def test_each_output_folder_has_its_own_record(tmp_path: Path) -> None:
    first, second = site(tmp_path / "first"), site(tmp_path / "second")
    cache = tmp_path / "cache"
    remember(cache, first, record(first, "first inputs"))
    remember(cache, second, record(second, "second inputs"))

    assert find(cache, first, "first inputs") == record(first, "first inputs")
    assert find(cache, second, "second inputs") == record(second, "second inputs")


def test_a_forgotten_build_is_not_found(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    cache = tmp_path / "cache"
    remember(cache, output, record(output))

    forget(cache, output)

    assert find(cache, output, "inputs") is None
    forget(cache, output)  # forgetting twice is not an error


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: "not json",
        lambda data: json.dumps({**data, "format": data["format"] + 1}),
        lambda data: json.dumps({key: value for key, value in data.items() if key != "inputs"}),
        lambda data: json.dumps({**data, "unknown": 1}),
        lambda data: json.dumps({**data, "problems": [{"path": "x"}]}),
        lambda data: json.dumps({**data, "problems": [{**data["problems"][0], "severity": "x"}]}),
        lambda data: json.dumps({key: value for key, value in data.items() if key != "format"}),
    ],
    ids=[
        "not-json",
        "other-format",
        "missing-field",
        "unknown-field",
        "bad-problem",
        "severity",
        "no-format",
    ],
)
def test_a_damaged_record_finds_nothing(tmp_path: Path, damage: Any) -> None:
    output = site(tmp_path / "output")
    cache = tmp_path / "cache"
    remember(cache, output, record(output))
    (path,) = (cache / "builds").glob("*.json")
    path.write_text(damage(json.loads(path.read_text())))

    assert find(cache, output, "inputs") is None
