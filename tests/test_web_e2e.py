"""The chat page served for real on loopback, driven in headless Debian Chromium and by gradio_client.

The server indexes a temporary copy of the seed corpus on start, as `qa serve` does; each test's
screenshots land in pytest's temporary folder.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Iterator

import pytest

from qa import web
from qa.config import Config

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ANSWER_MS = 60_000  # an answer takes well under a second; this bounds a hung server
FUNERAL = "Where was the mass funeral for the people who were killed held?"
BOZROV = "How old was the bomber with the surname Bozrov?"
LIGHTHOUSE = "The Skarvik lighthouse was first lit on 12 March 1874 by keeper Elin Brandt.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Config]]:
    root = tmp_path_factory.mktemp("web-e2e")
    config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
    shutil.copytree(SEEDS, config.corpus_dir)
    port = _free_port()
    app = web.launch(config, port=port, block=False)  # indexes the corpus first: there is no index yet
    try:
        yield f"http://127.0.0.1:{port}/", config
    finally:
        app.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the Python package)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(server[0])
    page.wait_for_selector("#qa-question textarea")
    yield page
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def ask(page, question: str, answers_before: int):
    """Type `question`, press Enter, and wait (bounded) for its answer; the answer's locator."""
    page.fill("#qa-question textarea", question)
    page.keyboard.press("Enter")
    return wait_for_answer(page, answers_before)


def wait_for_answer(page, answers_before: int):
    from playwright.sync_api import expect

    bots = page.locator('#qa-chat [data-testid="bot"]')
    expect(bots).to_have_count(answers_before + 1, timeout=ANSWER_MS)
    reply = bots.nth(answers_before)
    expect(reply.locator(".qa-pending")).to_have_count(0, timeout=ANSWER_MS)
    return reply


def test_answer_with_markers_highlighted_sources_and_a_follow_up(page, shots):
    from playwright.sync_api import expect

    reply = ask(page, FUNERAL, 0)
    expect(reply).to_contain_text("Emam Ali")
    expect(reply.locator("a.qa-cite").first).to_have_text("[1]")
    marks = page.locator("#qa-sources mark")
    expect(marks.first).to_be_visible()
    assert marks.count() == reply.locator("a.qa-cite").count()
    cited = page.locator("#qa-document mark.qa-cited")
    expect(cited).to_be_visible()
    assert cited.inner_text().strip() in marks.first.inner_text()
    first_doc = page.locator("#qa-document .qa-doc-head").inner_text()
    page.screenshot(path=str(shots / "answer.png"))

    choices = page.locator("#qa-source-picker label")
    if choices.count() > 1:  # choosing another source opens its document at that span
        choices.nth(1).click()
        expect(page.locator("#qa-document .qa-doc-head")).not_to_have_text(first_doc)
        expect(page.locator("#qa-document mark.qa-cited")).to_be_visible()

    ask(page, BOZROV, 1)
    follow_up = ask(page, "And where was he trained?", 2)
    expect(follow_up).to_contain_text("Read as a follow-up")
    expect(follow_up).to_contain_text("Bozrov")
    expect(page.locator('#qa-chat [data-testid="user"]')).to_have_count(3)
    expect(page.locator("#qa-src-2-1")).to_be_attached()
    page.screenshot(path=str(shots / "follow-up.png"), full_page=True)

    page.locator('#qa-chat [data-testid="bot"]').first.click()  # an earlier answer: its sources again
    expect(page.locator("#qa-src-0-1")).to_be_attached()
    expect(page.locator("#qa-src-2-1")).not_to_be_attached()


def test_clicking_an_example_asks_it_and_an_abstention_is_shown_as_such(page, shots):
    from playwright.sync_api import expect

    page.get_by_role("button", name=web.SEED_EXAMPLES[3]).click()  # the weather: the documents don't say
    reply = wait_for_answer(page, 0)
    expect(page.locator('#qa-chat [data-testid="user"]')).to_have_text(web.SEED_EXAMPLES[3])
    expect(reply.locator(".qa-abstain")).to_contain_text("Not answered by the documents")
    expect(page.locator("#qa-sources")).to_contain_text("they do not answer the question")
    page.screenshot(path=str(shots / "abstention.png"))


def test_uploaded_document_is_indexed_and_citable(page, server, shots, tmp_path):
    from playwright.sync_api import expect

    upload = tmp_path / "lighthouse.txt"
    upload.write_text(LIGHTHOUSE, encoding="utf-8")
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#qa-upload input[type=file]").set_input_files(str(upload))
    expect(page.locator("#qa-index-status")).to_contain_text("Added: lighthouse.txt.", timeout=ANSWER_MS)
    expect(page.locator("#qa-corpus")).to_contain_text("lighthouse.txt")
    assert (server[1].corpus_dir / "lighthouse.txt").read_text(encoding="utf-8") == LIGHTHOUSE
    page.screenshot(path=str(shots / "upload.png"))

    page.get_by_role("tab", name="Sources").click()
    reply = ask(page, "Who first lit the Skarvik lighthouse?", 0)
    expect(reply).to_contain_text("Elin Brandt")
    expect(page.locator("#qa-sources .qa-source").first).to_contain_text("lighthouse.txt")
    expect(page.locator("#qa-document mark.qa-cited")).to_contain_text("Elin Brandt")


def _big_document(lines: int) -> str:
    """Filler text of about `lines` / 7.5 chunks: slow enough to embed to ask a question meanwhile."""
    words = "lighthouse harbour keeper storm ship lamp island coast fog bell night rock tide wave".split()
    return "\n".join(" ".join(words[(i * 7 + j * 3) % len(words)] for j in range(12)) + "." for i in range(lines))


def test_the_chat_answers_while_an_upload_is_being_indexed(page, tmp_path, shots):
    from playwright.sync_api import expect

    big = tmp_path / "logbook.txt"
    big.write_text(_big_document(1500), encoding="utf-8")
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#qa-upload input[type=file]").set_input_files(str(big))
    status = page.locator("#qa-index-status")
    expect(status).to_contain_text("Embedding chunks", timeout=ANSWER_MS)  # gr.Progress, visible
    page.screenshot(path=str(shots / "indexing.png"))
    reply = ask(page, FUNERAL, 0)
    expect(reply).to_contain_text("Emam Ali")
    assert "Added: logbook.txt" not in status.inner_text()  # answered before the indexing ended
    expect(status).to_contain_text("Added: logbook.txt.", timeout=120_000)


def test_two_sessions_keep_their_own_history(browser, server):
    from playwright.sync_api import expect

    pages = []
    for _ in range(2):
        p = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        p.goto(server[0])
        p.wait_for_selector("#qa-question textarea")
        pages.append(p)
    a, b = pages
    ask(a, BOZROV, 0)
    ask(b, "Who did Iran's intelligence ministry say masterminded the attacks?", 0)
    for p in pages:  # both follow-ups in flight at once
        p.fill("#qa-question textarea", "When did he leave Iran?")
        p.keyboard.press("Enter")
    for p, own, other in ((a, "Bozrov", "masterminded"), (b, "masterminded", "Bozrov")):
        reply = p.locator('#qa-chat [data-testid="bot"]').nth(1)
        expect(reply.locator(".qa-meta")).to_contain_text(own, timeout=ANSWER_MS)
        assert other not in reply.locator(".qa-meta").inner_text()
    for p in pages:
        p.context.close()


def test_ask_endpoint_answers_scripts_in_json(server):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(server[0], verbose=False)
    result = client.predict(FUNERAL, "[]", 4, api_name="/ask")
    assert result["abstained"] is False and "Emam Ali" in result["answer"] and "[1]" in result["answer"]
    for c in result["citations"]:
        text = (server[1].corpus_dir / c["source"]).read_text(encoding="utf-8")
        assert text[c["start"]:c["end"]] == c["quote"]
    follow_up = client.predict("And where was he trained?", [[BOZROV, "He was 24."]], 4, api_name="/ask")
    assert "Bozrov" in follow_up["resolved_question"] and follow_up["citations"]
    with pytest.raises(AppError, match="The question is empty"):
        client.predict("", "[]", 4, api_name="/ask")


def test_auth_keeps_out_anonymous_clients(server):
    from gradio_client import Client

    port = _free_port()
    app = web.launch(server[1], port=port, auth=("ann", "s3cret"), block=False)
    try:
        url = f"http://127.0.0.1:{port}/"
        with pytest.raises(Exception):
            Client(url, verbose=False)
        result = Client(url, auth=("ann", "s3cret"), verbose=False).predict(FUNERAL, "", 2, api_name="/ask")
        assert result["citations"]
    finally:
        app.close()
