"""Annotation on a real Dask cluster: two worker processes, the same tables as in-process."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import toolkit as tk
from toolkit.annotate import DASK_WORKER_CONFIG, run_annotation, stored_rows
from toolkit.annotate.document import STORED_TABLES

distributed = pytest.importorskip("distributed", reason="needs the [scale] extra: pip install -e '.[scale]'")

TEXTS = [
    "Kem Sokha was arrested in Phnom Penh on Sunday, the Cambodia Daily reported.",
    "Prime Minister Hun Sen praised China on Monday. “China is our friend,” Hun Sen said.",
    "The United Nations condemned the arrest. The UN Security Council met in New York last week.",
    "Angela Merkel visited Paris on Friday. Merkel told reporters that Europe stands together.",
    "The European Union criticised Cambodia. Brussels said the crackdown must end next year.",
    "Xi Jinping met Hun Sen in Beijing in January 2014. China supports Cambodia, Xi said.",
    "Australia urged restraint. Canberra said the opposition must be free to campaign.",
    "Heng Samrin, the president of the National Assembly, spoke on Thursday in Phnom Penh.",
]


def _corpus(folder):
    records = [{"id": f"doc{i}", "text": t, "published": "2017-09-08"} for i, t in enumerate(TEXTS)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.corpus.CorpusWarning)
        return tk.load_corpus(records, cache_dir=folder)


def _tables(corpus) -> dict[str, pd.DataFrame]:
    out = {}
    for name in STORED_TABLES:
        frame = stored_rows(corpus, name)
        out[name] = frame.sort_values(list(frame.columns[:4]), kind="stable").reset_index(drop=True)
    return out


@pytest.fixture(scope="module")
def client():
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(DASK_WORKER_CONFIG):  # as README's Scaling out recommends
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               memory_limit="3GiB")
    with Client(cluster) as c:
        yield c
    cluster.close()


@pytest.mark.slow
def test_a_local_cluster_writes_the_tables_of_an_in_process_run(tmp_path, client):
    here = _corpus(tmp_path / "here")
    tk.annotate(here, progress=False)
    there = _corpus(tmp_path / "cluster")
    manifests = run_annotation(there, n_jobs=1, client=client, progress=False, on_progress=None)
    assert sum(m["documents"] for m in manifests) == len(TEXTS)
    assert len(manifests) >= 2  # partitions by a hash of doc_id, spread over the workers
    mine, theirs = _tables(here), _tables(there)
    for name in STORED_TABLES:
        pd.testing.assert_frame_equal(mine[name], theirs[name], check_dtype=False, obj=name)

    # The model loads once per worker: every task of a worker reports the same count.
    by_worker = {}
    for m in manifests:
        by_worker.setdefault(m["pid"], set()).add(m["model_loads"])
    assert len(by_worker) == 2
    assert all(loads == {2} for loads in by_worker.values())  # the NER and the parse pipeline, once each

    # Deleting two partitions recomputes exactly those two.
    batches = sorted(m["batch"] for m in manifests)[:2]
    lost = sum(m["documents"] for m in manifests if m["batch"] in batches)
    for batch in batches:
        for path in there.store.dir.rglob(f"{batch}.*"):
            path.unlink()
    again = _corpus(tmp_path / "cluster")
    redone = run_annotation(again, n_jobs=1, client=client, progress=False, on_progress=None)
    assert sum(m["documents"] for m in redone) == lost
    theirs = _tables(again)
    for name in STORED_TABLES:
        pd.testing.assert_frame_equal(mine[name], theirs[name], check_dtype=False, obj=name)


@pytest.mark.slow
def test_the_recommended_worker_settings_reach_the_workers(client):
    """The settings' names are Dask's (a renamed key would be ignored silently): no sampling profiler, and the
    nanny leaves glibc's trim threshold alone."""
    import os

    import dask

    def settings():
        return dask.config.get("distributed.worker.profile.enabled"), os.environ.get("MALLOC_TRIM_THRESHOLD_")

    assert set(client.run(settings).values()) == {(False, None)}
