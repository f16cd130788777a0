"""The host boilerplate pass: counts, thresholds, the shared-content guard, persistence."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np
from host_builders import SHARED_QUOTE, corpus, date_line, footer, header, host_page

from decruft.config import Config, HostConfig
from decruft.corpus import HostIndex, HostPass, apply_host_boilerplate, host_counts, page_host
from decruft.corpus.boilerplate import RULE
from decruft.corpus.runs import RunWriter, merge_runs
from decruft.model import Block, Page, RawRecord
from decruft.pipeline import clean_batch

# Rules only (no classifier, no template rules): what is removed is the host pass's doing.
RULES_ONLY = Config(classifier=False, templates=False)


def _clean(
    records: list[RawRecord], index: HostIndex, config: HostConfig | None = None
) -> list[Page]:
    host = HostPass(index, config if config is not None else HostConfig())
    return clean_batch(records, RULES_ONLY, host=host)


def _host_removed(page: Page) -> dict[str, str]:
    """Text -> evidence of the page's host-boilerplate removals."""
    return {page.blocks[r.block].text: r.evidence for r in page.removals if r.rule == RULE}


def _tables(index: HostIndex) -> list[tuple[np.ndarray, ...]]:
    return [
        tuple(np.asarray(a) for a in (b.blocks, b.hosts, b.pages, b.page_hosts, b.page_ids))
        for b in index.batches
    ]


def test_template_lines_removed_with_evidence_and_article_kept() -> None:
    records = corpus(hosts=3, pages=8)
    pages = _clean(records, host_counts(records))
    for page in pages:
        h = int(page.id[1])
        removed = _host_removed(page)
        template = [*header(h), date_line(h, int(page.id[-3:])), *footer(h)]
        assert set(removed) == set(template), page.id
        assert set(removed.values()) == {f"seen on 8 of 8 pages of site{h}.example"}
        assert len(page.text.splitlines()) == 4  # the four paragraphs
        assert all(line.endswith(".") for line in page.text.splitlines())


def test_small_hosts_and_rare_lines_are_not_judged() -> None:
    few = corpus(hosts=1, pages=4)  # under min_host_pages
    assert not any(_host_removed(p) for p in _clean(few, host_counts(few)))
    rare = "Read our special report on the harbour"
    records = [host_page(0, p, (rare,) if p < 2 else ()) for p in range(10)]  # on 2 of 10
    pages = _clean(records, host_counts(records))
    assert all(rare not in _host_removed(p) for p in pages)
    assert all(header(0)[0] in _host_removed(p) for p in pages)


def test_long_blocks_need_half_the_hosts_pages() -> None:
    rng = random.Random(7)
    story = " ".join(["Story"] + [rng.choice(["alpha", "beta", "gamma"]) for _ in range(40)])
    records = [host_page(0, p, (story,) if p < 4 else ()) for p in range(20)]  # 4 of 20
    pages = _clean(records, host_counts(records))
    assert all(story in p.text for p in pages[:4])
    disclaimer = "Opinions are the writers' own. " + story  # on every page: template
    records = [host_page(0, p, (disclaimer,)) for p in range(20)]
    pages = _clean(records, host_counts(records))
    assert all(disclaimer not in p.text for p in pages)


def test_syndicated_quote_kept_short_shared_line_removed() -> None:
    short = "Advertisement"
    records = [host_page(0, p, (SHARED_QUOTE, short) if p < 5 else ()) for p in range(8)]
    for h in (1, 2, 3):  # once on each other host: content there, not template
        records += [host_page(h, p, (SHARED_QUOTE,) if p == 0 else ()) for p in range(8)]
    pages = _clean(records, host_counts(records))
    for page in pages[:5]:
        assert SHARED_QUOTE in page.text.splitlines()
        assert _host_removed(page)[short] == "seen on 5 of 8 pages of site0.example"
    # the same quote template on most hosts that carry it is removed
    records = [
        host_page(h, p, (SHARED_QUOTE,) if p < 5 else ()) for h in range(4) for p in range(8)
    ]
    pages = _clean(records, host_counts(records))
    assert all(SHARED_QUOTE in _host_removed(p) for p in pages if SHARED_QUOTE in p.body)


def test_page_repeating_a_line_counts_once() -> None:
    line = "Share this story on social media"
    records = [host_page(0, p, (line,) * (6 if p == 0 else 1) if p < 2 else ()) for p in range(8)]
    index = host_counts(records)
    from decruft.corpus.boilerplate import block_keys, host_key
    from decruft.page import textarrays as ta

    keys, _ = block_keys(ta.page_arrays([line]))
    assert index.block_pages(host_key("site0.example"), keys).tolist() == [2]
    assert all(line not in _host_removed(p) for p in _clean(records, index))


def test_counts_and_output_do_not_depend_on_order() -> None:
    records = corpus(hosts=3, pages=8)
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)
    a, b = host_counts(records), host_counts(shuffled)
    for ta_, tb in zip(_tables(a), _tables(b), strict=True):
        for x, y in zip(ta_, tb, strict=True):
            assert np.array_equal(x, y)
    by_id = {p.id: p for p in _clean(shuffled, b)}
    for page in _clean(records, a):
        assert page.removals == by_id[page.id].removals


def test_spilled_runs_merge_to_the_same_counts() -> None:
    records = corpus(hosts=3, pages=8)
    whole = host_counts(records)
    spilled = host_counts(records, HostConfig(spill_rows=5))
    for ta_, tb in zip(_tables(whole), _tables(spilled), strict=True):
        for x, y in zip(ta_, tb, strict=True):
            assert np.array_equal(x, y)


def test_merge_runs_is_a_sorted_set_union(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    rows = rng.integers(0, 30, size=(20_000, 3)).astype(np.uint64)  # many duplicates
    writer = RunWriter(tmp_path, "t", 3, spill_rows=4000)
    for part in np.array_split(rows, 40):
        writer.add(part)
    runs = writer.finish()
    assert len(runs) == 5
    chunks = list(merge_runs(runs, budget_rows=500))  # 100 rows per run per round
    assert len(chunks) > 10
    assert np.array_equal(np.concatenate(chunks), np.unique(rows, axis=0))


def test_index_directory_grows_incrementally(tmp_path: Path) -> None:
    records = corpus(hosts=2, pages=10)
    first, second = records[::2], records[1::2]
    index_dir = tmp_path / "hosts"
    host_counts(first, index=index_dir)
    grown = host_counts(second, index=index_dir)
    assert len(grown.batches) == 2 and grown.pages == len(records)
    again = host_counts(first, index=index_dir)  # already counted: nothing added
    assert len(again.batches) == 2
    reopened = HostIndex.open(index_dir)
    single = host_counts(records)
    for got, want in zip(_clean(second, reopened), _clean(second, single), strict=True):
        assert got.removals == want.removals
        assert _host_removed(got)


def test_apply_to_a_finished_page_matches_the_cascade() -> None:
    records = corpus(hosts=2, pages=8)
    index = host_counts(records)
    plain = clean_batch(records, RULES_ONLY)
    for before, after in zip(plain, _clean(records, index), strict=True):
        assert apply_host_boilerplate(before, HostPass(index)).text == after.text


def test_page_host_falls_back_to_dateline_then_folder() -> None:
    blocks = (
        Block(0, "(MENAFN) The ministry said on Sunday that talks would go on all week.", 0, 1),
    )
    assert page_host("https://www.Example.com/a", blocks, "x") == "example.com"
    assert page_host(None, blocks, "/in/a.txt") == "MENAFN"
    assert page_host(None, (), "/in/site/b.jsonl:12") == "folder /in/site"


def test_blocks_of_numbers_alone_are_not_counted() -> None:
    records = [host_page(0, p, (f"{p + 1}", f"${p}00 – ${p}000")) for p in range(10)]
    pages = _clean(records, host_counts(records))
    for page in pages:
        removed = _host_removed(page)
        assert header(0)[0] in removed
        assert not any(text[0].isdigit() or text.startswith("$") for text in removed)


def test_repeat_crawls_of_one_url_count_as_one_page() -> None:
    page = host_page(0, 1)
    repeats = [dataclasses.replace(page, id=f"crawl-{k}") for k in range(6)]
    index = host_counts(repeats)
    cleaned = _clean(repeats, index)
    assert all(not _host_removed(p) for p in cleaned)  # one page: nothing is "seen on 6 of 6"
    assert all(p.verdict.kind.value != "empty" for p in cleaned)
    more = [host_page(0, k) for k in range(8)]
    assert _host_removed(_clean(more, host_counts(more))[0])  # eight URLs share the template
