"""Search across chips, deals, adopters, vendors and sources (chipscope.model.search)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.dataset import TABLES, Dataset
from chipscope.model.search import SearchIndex, fold, search, snippet

DATA = Path(__file__).resolve().parents[2] / "data"
pytestmark = pytest.mark.skipif(not all((DATA / f"{t}.csv").exists() for t in TABLES),
                                reason="the bundled data/*.csv are not here")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset.from_frames({t: pd.read_csv(DATA / f"{t}.csv", dtype=str,
                                               keep_default_na=False) for t in TABLES})


def ids(hits: list, table: str) -> list[str]:
    return [h.row_id for h in hits if h.table == table]


def test_trainium_finds_the_aws_chips_the_deals_and_their_sources(dataset: Dataset) -> None:
    hits = search(dataset, "trainium")
    assert {"trainium1", "trainium2", "trainium3"} <= set(ids(hits, "chips"))
    # Name matches rank first: the three Trainium chips before Inferentia2 (a price note).
    assert ids(hits, "chips")[:3] == ["trainium1", "trainium2", "trainium3"]
    deals = ids(hits, "deals")
    for adopter in ("anthropic", "openai", "apple"):
        assert any(d.startswith(adopter) for d in deals), adopter
    deal_sources = set(dataset.deals.set_index("deal_id").loc[deals, "source_id"])
    assert deal_sources <= set(ids(hits, "sources"))
    # Tables in order: chips, deals, adopters, vendors, sources.
    order = [h.table for h in hits]
    assert order == sorted(order, key=["chips", "deals", "adopters", "vendors",
                                       "sources"].index)
    rainier = next(h for h in hits if h.row_id == "anthropic_trainium2_rainier")
    assert rainier.fields[0] == "deal_id" and "chip_id" in rainier.fields
    assert "Trainium2" in rainier.snippet and len(rainier.snippet) <= 82
    assert rainier.row == list(dataset.deals["deal_id"]).index("anthropic_trainium2_rainier")


def test_every_word_must_match_somewhere_in_the_row(dataset: Dataset) -> None:
    hits = search(dataset, "epoch cc by")
    assert hits and {h.table for h in hits} == {"sources"}
    assert {"epoch_ml_hardware", "epoch_gpu_clusters"} <= set(ids(hits, "sources"))
    sources = dataset.sources.set_index("source_id")
    for h in hits:
        row = " ".join(str(v) for v in sources.loc[h.row_id]).lower() + h.row_id
        assert all(w in row for w in ("epoch", "cc", "by"))
    # A word found nowhere in the row drops it, even if the others match.
    assert search(dataset, "epoch zzyzx") == []


def test_case_and_accents_do_not_matter(dataset: Dataset) -> None:
    plain = search(dataset, "huawei")
    assert "huawei" in ids(plain, "vendors")
    assert search(dataset, "Huawéi") == plain == search(dataset, "HUAWEI")
    assert fold("Huawéi Straße") == "huawei strasse"


def test_rows_match_on_the_names_they_refer_to(dataset: Dataset) -> None:
    # The deals' vendor is "aws"; its name (AWS (Trainium / Inferentia)) counts too.
    hits = search(dataset, "inferentia anthropic")
    assert "anthropic_trainium2_rainier" in ids(hits, "deals")
    assert "vendor" in next(h for h in hits if h.table == "deals").fields


def test_no_hit_and_blank_queries_give_empty_lists(dataset: Dataset) -> None:
    assert search(dataset, "qqxyzzy") == []
    assert search(dataset, "   ") == []
    assert SearchIndex(dataset).search("") == []


def test_snippet_cuts_around_the_match_in_the_original_text() -> None:
    text = "a" * 100 + " Huawéi Ascend " + "b" * 100
    piece = snippet(text, ["huawei"], width=40)
    assert piece.startswith("\u2026") and piece.endswith("\u2026")
    assert "Huawéi Ascend" in piece
    assert snippet("short text", ["text"]) == "short text"


def test_your_edits_are_found_by_their_mark() -> None:
    frames = {t: pd.read_csv(DATA / f"{t}.csv", dtype=str, keep_default_na=False)
              for t in TABLES}
    frames["sources"] = pd.concat([frames["sources"], pd.DataFrame([{
        "source_id": "user_0123456789", "citation": "Press release, 2026",
        "url": "https://example.com/b300", "retrieved": "2026-05-01",
        "licence": "quoted facts"}])], ignore_index=True)
    frames["chips"].loc[frames["chips"]["chip_id"] == "b300", "source_id"] = "user_0123456789"
    hits = search(Dataset.from_frames(frames), "your edit")
    assert [(h.table, h.row_id) for h in hits] == [("chips", "b300"),
                                                    ("sources", "user_0123456789")]
    assert hits[0].fields == ("mark",) and hits[0].snippet == "[your edit]"
