"""decruft clean --engine ray: the same shards cleaned on a local Ray instance give outputs
byte-identical to the local engine's, and a run stopped mid-way resumes on Ray."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from run_corpus import build

from decruft.cli import INTERRUPTED, main
from decruft.run.merge import Merger
from decruft.run.worker import ShardResult

ray = pytest.importorskip("ray")
# Ray Data warns about its own deprecated settings when its context is first read.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Small shards and batches so a tiny corpus spans many shards (as in test_executor).
OPTIONS = ["--shard-records", "7", "--batch-pages", "3", "-q", "--format", "txt"]
# Shards merged before the interrupted run is stopped.
MERGED_BEFORE_STOP = 2


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One local Ray for the module (the engine leaves a Ray it did not start running)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    src = build(tmp_path_factory.mktemp("corpus"))
    return [str(src), str(src / "page.html")]


def _run(inputs: list[str], out: Path, *extra: str) -> int:
    return main(["clean", *inputs, "-o", str(out), *OPTIONS, *extra])


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".decruft" not in p.parts and p.name != "run.json"
    }


def test_ray_outputs_identical_to_local(local_ray: None, corpus: list[str], tmp_path: Path) -> None:
    assert _run(corpus, tmp_path / "local") == 0
    assert _run(corpus, tmp_path / "ray", "--engine", "ray", "--workers", "2") == 0
    local, on_ray = _outputs(tmp_path / "local"), _outputs(tmp_path / "ray")
    assert local == on_ray
    assert {"pages.jsonl", "rejects.jsonl"} <= set(local)
    assert any(name.startswith("txt/") for name in local)


def test_ray_run_resumes_after_a_stop(
    local_ray: None, corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(corpus, tmp_path / "local") == 0
    merge = Merger.merge

    def stop_after_some(self: Merger, result: ShardResult) -> None:
        if self.merged == MERGED_BEFORE_STOP:
            raise KeyboardInterrupt
        merge(self, result)

    monkeypatch.setattr(Merger, "merge", stop_after_some)
    assert _run(corpus, tmp_path / "ray", "--engine", "ray") == INTERRUPTED
    monkeypatch.setattr(Merger, "merge", merge)
    assert _run(corpus, tmp_path / "ray", "--engine", "ray", "--resume") == 0
    run = json.loads((tmp_path / "ray" / "run.json").read_text())
    assert 0 < run["resumed_pages"] < run["pages_read"]  # some shards were left for Ray
    assert run["engine"] == "ray" and run["conserved"] is True
    assert _outputs(tmp_path / "local") == _outputs(tmp_path / "ray")
