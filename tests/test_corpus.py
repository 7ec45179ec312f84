"""Ingestion: a nested folder of .txt, .md, .html and .pdf files is read through the LlamaIndex
readers; unreadable files are skipped with a reason while the rest is indexed; a missing or
empty corpus is a CorpusError that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

import qa
from qa.config import Config
from qa.corpus import read_documents
from qa.errors import CorpusError
from qa.types import SkippedFile

HTML = """<!doctype html>
<html><head><title>Harbour notice</title>
<style>body { color: red; } .hidden-rule { display: none; }</style>
<script>var token = "SCRIPT-ONLY-TOKEN"; document.write("<p>written by script</p>");</script>
</head><body>
<h1>Harbour notice</h1>
<p>The north pier closes for repairs on <b>Friday</b>.</p>
<noscript>NOSCRIPT-ONLY-TOKEN</noscript>
<ul><li>Boats moor at the south quay instead.</li></ul>
</body></html>
"""
PDF_LINES = ["The tide gauge at Marrow Point read 4.2 metres.", "Readings are taken every hour."]


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with one text object, written by hand (xref offsets computed)."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    bodies = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


MIXED = {
    "ferry.txt": "The ferry to Quillon Island departs at nine o'clock.\n\nTickets cost six marks.\n",
    "guide/readme.md": "# Visitor guide\n\nThe museum on Dock Street opens at ten.\n\n- Entry is free on Sundays.\n",
    "guide/notices/pier.html": HTML,
    "guide/notices/deep/tide.pdf": minimal_pdf(PDF_LINES),
    "blob.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
    "latin.md": "Café au lait costs two marks.".encode("latin-1"),
    "empty.txt": "",
    "blank.md": "  \n\n\t \n",
    "broken.pdf": b"%PDF-1.4\nthis is not really a pdf\n",
    "photo.png": b"\x89PNG\r\n\x1a\n",
    ".drafts/secret.txt": "A hidden draft that must not be indexed.",
}
GOOD = ["ferry.txt", "guide/notices/deep/tide.pdf", "guide/notices/pier.html", "guide/readme.md"]
SKIPPED = {
    "blob.txt": "binary",
    "latin.md": "not valid UTF-8",
    "empty.txt": "empty",
    "blank.md": "empty",
    "broken.pdf": "unreadable",
}


@pytest.fixture(scope="module")
def mixed_index(write_files, tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, qa.IndexReport]:
    root = tmp_path_factory.mktemp("mixed")
    config = Config(corpus_dir=write_files(root / "corpus", MIXED), index_dir=root / "index")
    return config, qa.build_index(config=config)


def test_a_mixed_folder_is_indexed_and_bad_files_are_skipped_with_reasons(mixed_index, read_index) -> None:
    config, report = mixed_index
    assert report.added == GOOD
    assert {s.path for s in report.skipped} == set(SKIPPED)
    for skipped in report.skipped:
        assert SKIPPED[skipped.path] in skipped.reason, skipped
    stored = read_index(config)
    assert sorted(stored.texts) == GOOD
    assert {meta["source"] for _, meta, _ in stored.rows} == set(GOOD)


def test_html_is_indexed_as_its_visible_text_only(mixed_index, read_index) -> None:
    text = read_index(mixed_index[0]).texts["guide/notices/pier.html"]
    assert "The north pier closes for repairs on\nFriday\n." in text
    assert "Boats moor at the south quay instead." in text
    for hidden in ("SCRIPT-ONLY-TOKEN", "written by script", "color: red", "hidden-rule", "NOSCRIPT-ONLY-TOKEN", "<p>"):
        assert hidden not in text


def test_pdf_text_is_extracted(mixed_index, read_index) -> None:
    text = read_index(mixed_index[0]).texts["guide/notices/deep/tide.pdf"]
    assert text.split("\n") == PDF_LINES


@pytest.mark.parametrize("query, source, phrase", [
    ("tide gauge reading at Marrow Point", "guide/notices/deep/tide.pdf", "4.2 metres"),
    ("When does the north pier close?", "guide/notices/pier.html", "north pier closes"),
    ("museum opening hours Dock Street", "guide/readme.md", "opens at ten"),
])
def test_each_format_is_searchable_with_offsets_into_its_extracted_text(
    mixed_index, read_index, query: str, source: str, phrase: str
) -> None:
    config = mixed_index[0]
    texts = read_index(config).texts
    top = qa.search(query, k=1, config=config)[0]
    assert (top.source, phrase in top.text) == (source, True)
    assert texts[top.source][top.start:top.end] == top.text


def test_unchanged_skipped_files_are_reported_again_but_embed_nothing(mixed_index) -> None:
    config, _ = mixed_index
    again = qa.build_index(config=config)
    assert again.nothing_to_do and again.chunks_embedded == 0
    assert again.unchanged == GOOD
    assert {s.path for s in again.skipped} == set(SKIPPED)


def test_read_documents_yields_a_reason_per_unreadable_file(write_corpus) -> None:
    corpus = write_corpus(MIXED)
    items = {item.source if hasattr(item, "source") else item.path: item
             for item in read_documents(corpus, sorted(GOOD + list(SKIPPED)))}
    assert {name for name, item in items.items() if isinstance(item, SkippedFile)} == set(SKIPPED)
    assert items["ferry.txt"].text == MIXED["ferry.txt"]


def test_a_missing_corpus_folder_says_how_to_point_at_one(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist.*--corpus"):
        qa.build_index(tmp_path / "nowhere", tmp_path / "index")


@pytest.mark.parametrize("files", [{}, {"photo.png": b"\x89PNG", ".drafts/a.txt": "hidden"}], ids=["empty", "unsupported-only"])
def test_a_corpus_without_documents_says_to_add_some(write_corpus, tmp_path: Path, files: dict) -> None:
    corpus = write_corpus(files)
    with pytest.raises(CorpusError, match=r"holds no \.txt, \.md, \.html or \.pdf files; add documents"):
        qa.build_index(corpus, tmp_path / "index")
