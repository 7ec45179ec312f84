"""The same index on a `chroma run` server: a real server on loopback, started and stopped here."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

import qa
from qa.config import Config
from qa.errors import IndexStateError

CHROMA = str(Path(sys.executable).with_name("chroma"))
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"chroma run exited with {server.returncode}"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v2/heartbeat")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"chroma run did not answer on port {port} within {timeout} s")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    with open(root / "server.log", "wb") as log:
        server = subprocess.Popen(
            [CHROMA, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(root / "data")],
            stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(port, server, timeout=60)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_the_seeds_index_into_a_server_and_search_like_the_embedded_index(
    chroma_url: str, seed_index, read_index, tmp_path: Path
) -> None:
    config = Config(corpus_dir=SEEDS, index_dir=tmp_path / "caches", chroma_url=chroma_url)
    report = qa.build_index(config=config)
    assert report.index_location == chroma_url
    assert report.added == seed_index.report.added and report.rebuilt == "new index"
    assert report.chunks_total == report.chunks_embedded == seed_index.report.chunks_total
    assert not (tmp_path / "caches" / "chroma.sqlite3").exists(), "the embedded store must not be used"

    on_server, embedded = read_index(config), read_index(seed_index.config)
    assert sorted(on_server.rows) == sorted(embedded.rows), "same chunk ids, offsets and texts on both stores"
    assert on_server.texts == embedded.texts

    passages = qa.search("How many people were killed in the Kerman bombings?", k=3, config=config)
    assert any("killed at least 95 people" in p.text for p in passages)
    for p in passages:
        assert on_server.texts[p.source][p.start:p.end] == p.text
    same = qa.search("Who claimed responsibility?", k=4, mode="dense", config=config)
    assert same == qa.search("Who claimed responsibility?", k=4, mode="dense", config=seed_index.config)

    again = qa.build_index(config=config)
    assert again.nothing_to_do and again.chunks_embedded == 0


def test_a_server_url_without_a_scheme_is_accepted(chroma_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferry.txt").write_text("The ferry to Quillon Island departs at nine o'clock.\n", encoding="utf-8")
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "caches",
                    chroma_url=chroma_url.removeprefix("http://"), collection="bare-url")
    assert qa.build_index(config=config).added == ["ferry.txt"]
    assert qa.search("ferry departure", k=1, config=config)[0].source == "ferry.txt"


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    config = Config(corpus_dir=SEEDS, index_dir=tmp_path / "caches", chroma_url=url)
    for attempt in (lambda: qa.search("Kerman", config=config), lambda: qa.build_index(config=config)):
        with pytest.raises(IndexStateError, match=rf"Cannot reach the Chroma server at {url} .*start it with `chroma run"):
            attempt()
