"""Reading a corpus folder into source documents, through LlamaIndex readers.

A document's id is its path relative to the corpus root (POSIX separators). Files that cannot
be read (binary, not UTF-8, empty, broken PDF) are skipped and reported, never fatal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from llama_index.core import SimpleDirectoryReader
from llama_index.core.readers.base import BaseReader
from llama_index.core.schema import Document

from .errors import CorpusError
from .types import SkippedFile

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


@dataclass
class SourceDocument:
    """One file's text as indexed. For .txt/.md it is the file as read; for HTML/PDF, extracted."""

    source: str
    text: str
    sha256: str


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def list_files(corpus_dir: Path) -> list[Path]:
    """Supported files under `corpus_dir`, sorted; a clear error if there are none."""
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"Corpus folder {corpus_dir} does not exist; pass --corpus DIR (or set QA_CORPUS_DIR) "
            "to a folder of .txt, .md, .html or .pdf files."
        )
    files = sorted(
        p for p in corpus_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )
    if not files:
        raise CorpusError(
            f"Corpus folder {corpus_dir} holds no .txt, .md, .html or .pdf files; add documents to it."
        )
    return files


def source_id(path: Path, corpus_dir: Path) -> str:
    return path.relative_to(corpus_dir).as_posix()


def file_hashes(corpus_dir: Path) -> tuple[dict[str, str], list[SkippedFile]]:
    """sha256 of every supported file's bytes, keyed by source id; unreadable files are skipped."""
    hashes: dict[str, str] = {}
    skipped: list[SkippedFile] = []
    for path in list_files(corpus_dir):
        try:
            hashes[source_id(path, corpus_dir)] = content_hash(path.read_bytes())
        except OSError as exc:
            skipped.append(SkippedFile(source_id(path, corpus_dir), f"cannot be read ({exc.strerror})"))
    return hashes, skipped


def read_documents(corpus_dir: Path, sources: list[str]) -> Iterator[SourceDocument | SkippedFile]:
    """Read each named source; yield a SourceDocument, or a SkippedFile saying why not."""
    for source in sources:
        path = corpus_dir / source
        try:
            data = path.read_bytes()
            text = _extract_text(path, data)
        except Exception as exc:  # a reader's failure on one file must not stop the others
            yield SkippedFile(source, _describe(exc))
            continue
        if not text.strip():
            yield SkippedFile(source, "no text (empty file)")
        else:
            yield SourceDocument(source, text, content_hash(data))


def _extract_text(path: Path, data: bytes) -> str:
    if b"\x00" in data and path.suffix.lower() != ".pdf":
        raise ValueError("binary content (NUL bytes) in a text file")
    reader = SimpleDirectoryReader(
        input_files=[str(path)],
        file_extractor=_extractors(),
        errors="strict",
        raise_on_error=True,
    )
    return "\n\n".join(doc.text for doc in reader.load_data())


def _extractors() -> dict[str, Any]:
    from llama_index.readers.file import PDFReader

    plain, html = PlainTextReader(), HtmlTextReader()
    return {
        ".txt": plain, ".md": plain, ".markdown": plain,
        ".html": html, ".htm": html,
        ".pdf": PDFReader(return_full_document=True),
    }


def _describe(exc: BaseException) -> str:
    root = exc
    while root.__cause__ is not None:
        root = root.__cause__
    if isinstance(root, UnicodeDecodeError):
        return "not valid UTF-8 text (save it as UTF-8 to index it)"
    return f"unreadable ({type(root).__name__}: {root})"


class PlainTextReader(BaseReader):
    """Reads .txt/.md exactly as stored (strict UTF-8), so character offsets match the file."""

    def load_data(self, file: Path, extra_info: dict | None = None) -> list[Document]:
        text = Path(file).read_bytes().decode("utf-8")
        return [Document(text=text, metadata=extra_info or {})]


class HtmlTextReader(BaseReader):
    """Visible text of an HTML page: scripts and styles dropped, one line per block."""

    def load_data(self, file: Path, extra_info: dict | None = None) -> list[Document]:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(Path(file).read_bytes().decode("utf-8"), "html.parser")
        for tag in soup(["script", "style", "noscript", "template"]):
            tag.decompose()
        lines = (line.strip() for line in soup.get_text("\n").splitlines())
        return [Document(text="\n".join(line for line in lines if line), metadata=extra_info or {})]
