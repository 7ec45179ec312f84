"""`qa index` and `qa search` on the command line, and where their settings come from:
default < `QA_*` environment variable < explicit argument."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import qa
from qa.cli import main
from qa.config import Config
from qa.errors import InputError

QA = str(Path(sys.executable).with_name("qa"))
DOCS = {
    "ferry.txt": "The ferry to Quillon Island departs at nine o'clock.\n\nTickets cost six marks at the harbour kiosk.\n",
    "notes/museum.md": "# Museum\n\nThe museum on Dock Street opens at ten and closes at four.\n",
    "notes/empty.txt": "",
}
SUMMARY = re.compile(
    r"(?P<added>\d+) added, (?P<changed>\d+) changed, (?P<removed>\d+) removed, (?P<unchanged>\d+) unchanged, "
    r"(?P<skipped>\d+) skipped; (?P<embedded>\d+) chunks embedded, (?P<total>\d+) in the index; [\d.]+ s -> (?P<where>.+)"
)


@pytest.fixture(autouse=True)
def no_qa_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings come only from what each test sets."""
    for name in Config.names():
        monkeypatch.delenv(f"QA_{name.upper()}", raising=False)


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def summary(out: str) -> dict[str, str]:
    found = SUMMARY.search(out)
    assert found, out
    return found.groupdict()


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory: pytest.TempPathFactory, write_files) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cli")
    corpus = write_files(root / "corpus", DOCS)
    assert main(["index", "--corpus", str(corpus), "--index", str(root / "index")]) == 0
    return corpus, root / "index"


def test_qa_index_prints_a_summary_then_nothing_to_embed(capsys, write_corpus, tmp_path: Path) -> None:
    corpus, index = write_corpus(DOCS), tmp_path / "index"
    code, out, err = run(capsys, "index", "--corpus", corpus, "--index", index)
    assert code == 0
    assert out.startswith("Rebuilt the whole index (new index).\n")
    first = summary(out)
    assert first == {**first, "added": "2", "changed": "0", "removed": "0", "unchanged": "0", "skipped": "1",
                     "where": str(index)}
    assert first["embedded"] == first["total"] != "0"
    assert "Embedding" in err, "the progress bar goes to stderr"
    assert "warning: skipped notes/empty.txt: no text (empty file)" in err

    code, out, err = run(capsys, "index", "--corpus", corpus, "--index", index)
    assert code == 0
    assert "Index is up to date: nothing to embed (2 files unchanged)." in out
    again = summary(out)
    assert (again["embedded"], again["total"], again["unchanged"]) == ("0", first["total"], "2")
    assert "Embedding" not in err


def test_qa_index_json_is_the_report(capsys, cli_index) -> None:
    corpus, index = cli_index
    code, out, _ = run(capsys, "index", "--corpus", corpus, "--index", index, "--json")
    report = json.loads(out)
    assert code == 0
    assert report["unchanged"] == ["ferry.txt", "notes/museum.md"]
    assert report["skipped"] == [{"path": "notes/empty.txt", "reason": "no text (empty file)"}]
    assert (report["chunks_embedded"], report["index_location"]) == (0, str(index))


def test_qa_search_json_prints_exact_passages(capsys, cli_index) -> None:
    corpus, index = cli_index
    code, out, _ = run(capsys, "search", "When does the ferry leave?", "-k", "2", "--json", "--index", index)
    assert code == 0
    passages = json.loads(out)
    assert len(passages) == 2
    assert passages[0]["source"] == "ferry.txt"
    for p in passages:
        assert {"source", "start", "end", "score", "text"} <= set(p)
        assert (corpus / p["source"]).read_text(encoding="utf-8")[p["start"]:p["end"]] == p["text"]
        assert isinstance(p["score"], float)
    assert passages[0]["score"] >= passages[1]["score"]


def test_qa_search_prints_ranked_passages(capsys, cli_index) -> None:
    _, index = cli_index
    code, out, _ = run(capsys, "search", "museum Dock Street", "-k", "1", "--mode", "bm25", "--index", index)
    assert code == 0
    assert re.match(r"\[1\] notes/museum\.md \[0:\d+\] score \d+\.\d{4}\n    # Museum\n", out)


def test_searching_a_missing_index_exits_2_and_says_to_run_qa_index(tmp_path: Path) -> None:
    missing = tmp_path / "no-index"
    done = subprocess.run([QA, "search", "ferry", "--index", str(missing)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: No index at {missing}; build it with `qa index --index {missing}`."
    assert done.stdout == ""
    assert not missing.exists(), "searching must not create an index folder"


def test_indexing_a_missing_corpus_exits_2_with_the_fix(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "index", "--corpus", tmp_path / "nowhere", "--index", tmp_path / "index")
    assert code == 2 and out == ""
    assert re.fullmatch(r"error: Corpus folder \S+nowhere does not exist; pass --corpus DIR \(or set QA_CORPUS_DIR\).*\n", err)


# -- configuration precedence ----------------------------------------------------------------


def test_config_default_then_environment_then_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (Config.load().chunk_size, Config.load().index_dir) == (128, Path("index"))
    monkeypatch.setenv("QA_CHUNK_SIZE", "64")
    monkeypatch.setenv("QA_INDEX_DIR", "/tmp/from-env")
    assert (Config.load().chunk_size, Config.load().index_dir) == (64, Path("/tmp/from-env"))
    assert Config.load(chunk_size=96, index_dir=None).chunk_size == 96
    assert Config.load(chunk_size=None).chunk_size == 64, "an argument left out does not override"
    monkeypatch.setenv("QA_CHUNK_SIZE", "")
    assert Config.load().chunk_size == 128, "an empty variable counts as unset"


def test_a_malformed_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    with pytest.raises(InputError, match="Unknown setting 'chunk_sise'"):
        Config.load(chunk_sise=3)
    monkeypatch.setenv("QA_CHUNK_SIZE", "big")
    with pytest.raises(InputError, match="Setting chunk_size expects int, got 'big'; fix QA_CHUNK_SIZE"):
        Config.load()
    code, _, err = run(capsys, "search", "ferry")
    assert code == 2 and "fix QA_CHUNK_SIZE" in err


def test_qa_index_takes_the_environment_and_lets_flags_override_it(
    monkeypatch: pytest.MonkeyPatch, capsys, write_corpus, tmp_path: Path, read_index
) -> None:
    corpus, env_index = write_corpus({"ferry.txt": DOCS["ferry.txt"] * 4}), tmp_path / "env-index"
    monkeypatch.setenv("QA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("QA_INDEX_DIR", str(env_index))
    monkeypatch.setenv("QA_CHUNK_SIZE", "32")
    code, out, _ = run(capsys, "index")
    assert code == 0 and summary(out)["where"] == str(env_index)
    assert read_index(Config(index_dir=env_index)).manifest.header.chunk_size == 32

    code, out, _ = run(capsys, "index", "--chunk-size", "48")
    assert code == 0
    assert "Rebuilt the whole index (chunking changed from 32/16 tokens to 48/16)." in out
    assert read_index(Config(index_dir=env_index)).manifest.header.chunk_size == 48

    code, out, _ = run(capsys, "search", "ferry", "-k", "1", "--json")
    assert code == 0 and json.loads(out)[0]["source"] == "ferry.txt", "QA_INDEX_DIR is where search looks"
    report = qa.build_index()
    assert report.rebuilt == "chunking changed from 48/16 tokens to 32/16", "the library reads QA_* too"
