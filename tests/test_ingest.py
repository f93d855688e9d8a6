"""Ingest at scale: files validated together, rows staged in batches, outputs reading only the rows they need.

Each test compares the scalable path with the simple one it replaces, so a shortcut cannot change a result.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import SampleStages
from polars.testing import assert_frame_equal

from xref import ingest
from xref.config import build_config
from xref.context import flag_context
from xref.load import read_register_file
from xref.pipeline import EARLIEST, load_for_run, working_database
from xref.schemas import REGISTERS
from xref.summary import register_statistics
from xref.validate import validate_file, validate_files

ROOT = Path(__file__).resolve().parent.parent
CARDS = REGISTERS["cards"]
FILES = {
    "messy.csv": (
        "Card export Q1\n\nTransaction Date,Merchant Name,Amount,Cardholder,MCC\n"
        '01/02/2025,TESCO STORES 2145,"£1,234.50","Smith, Jane",5411\n'
        "\n31/02/2025,ACME,12,DS Jane Smith,\n"
        "04/02/2025,Bar,lots,x,not an mcc\n"
        "Total,,1222.5,,\n"
        "Transaction Date,Merchant Name,Amount,Cardholder,MCC\n"
        "04/02/2025,Bar,1,x,5411,EXTRA\n"
    ),
    "either_way.csv": "Transaction Date,Merchant Name,Amount,Cardholder,MCC\n03/04/2025,A,1,x,\n05/06/2025,B,2,y,\n",
    "clean.csv": (
        "Transaction Date,Merchant Name,Amount,Cardholder,MCC\n25/01/2025,C,3,z,5812\n26/01/2025,D,4,w,no mcc here\n"
    ),
    # other headings: validated in a group of its own
    "other headings.csv": "Date,Supplier,Value,Card Holder\n14/01/2099,E,5,v\n15/01/2025,F,6,u\n",
}


def test_validating_files_together_gives_what_validating_each_gives(tmp_path: Path) -> None:
    loaded = []
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        loaded.append(read_register_file(tmp_path / name, CARDS))
    together = validate_files(loaded, CARDS)
    alone = [validate_file(f, CARDS) for f in loaded]
    assert [v.file.name for v in together] == list(FILES)
    for got, want in zip(together, alone, strict=True):
        for part in ("rows", "quarantine", "issues", "notes"):
            assert_frame_equal(getattr(got, part), getattr(want, part), check_row_order=True)
    # every kind of outcome was exercised, so the equality above compares something
    assert sum(v.quarantine.height for v in together) >= 5
    assert sum(v.issues.height for v in together) >= 1
    assert {p for v in together for p in v.notes["problem"].to_list()} == {"ambiguous_date_order"}
    assert together[3].rows["merchant_name"].to_list() == ["F"]  # 2099 is a future date


def test_staging_in_small_batches_gives_the_same_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    config = build_config(config_path=ROOT / "sample_data" / "xref.toml", cli_files={})
    whole = load_for_run(config)
    monkeypatch.setattr(ingest, "BATCH_ROWS", 1)  # a batch per file
    batched = load_for_run(config)
    assert_frame_equal(whole.recon, batched.recon)
    assert_frame_equal(whole.quarantine, batched.quarantine)
    assert_frame_equal(whole.issues, batched.issues)
    for name in REGISTERS:
        assert_frame_equal(whole.tables[name], batched.tables[name])
    assert whole.count("cards") == int(whole.recon.filter(pl.col("register") == "cards")["rows_loaded"].sum()) > 0
    # people were resolved against the staff list, which was loaded first whatever the order of the inputs
    assert whole.tables["gifts"]["recipient_key"].str.starts_with("staff:").any()
    assert [v.file.rows_read for v in whole.files] == whole.recon["rows_read"].to_list()
    assert all(v.file.grid.is_empty() and v.rows.is_empty() for v in whole.files)  # let go once staged


@pytest.mark.e2e
def test_outputs_read_only_the_rows_they_need_and_lose_nothing(sample_stages: SampleStages) -> None:
    config, match, flags = sample_stages.config, sample_stages.match, sample_stages.flags
    everything, related = sample_stages.tables, sample_stages.related
    assert config.period_to is not None
    period = (config.period_from or EARLIEST, config.period_to)
    assert sum(f.height for f in related.values()) < sum(f.height for f in everything.values())
    evidence = set(flags["evidence"].explode().drop_nulls().to_list())
    found = {r: raw for f in related.values() for r, raw in zip(f["rec_id"].to_list(), f["raw"].to_list(), strict=True)}
    assert evidence <= set(found)
    assert all(found[r] for r in evidence)  # evidence keeps its row as written
    assert not any(raw for r, raw in found.items() if r not in evidence)
    # the case cards and the summary read the same from the few rows as from every row
    assert flag_context(related, match.names, flags, config.period_to) == flag_context(
        everything, match.names, flags, config.period_to
    )
    assert register_statistics(related, flags, *period) == register_statistics(everything, flags, *period)


def test_working_database_spills_past_its_limit_and_leaves_nothing_behind(tmp_path: Path) -> None:
    config = build_config(config_path=None, cli_files={}, memory_limit="128MB", out_dir=tmp_path / "out")
    out = tmp_path / "out"
    with working_database(config, out) as db:
        assert db.rows("select current_setting('memory_limit')") == [("122.0 MiB",)]  # 128 MB, as DuckDB says it
        # about 200 MB of text: more than the limit holds, so DuckDB must write some of it to the spill folder
        db.execute("create table t as select i, repeat(md5(i::varchar), 2) as s from range(3000000) r(i)")
        assert db.rows("select count(*), sum(length(s)) from t") == [(3_000_000, 192_000_000)]
        spilled = db.rows("select count(*), coalesce(sum(size), 0) from duckdb_temporary_files()")[0]
        assert spilled[0] >= 1 and spilled[1] > 0
        assert any(out.glob(".tmp-*-spill/*"))
    assert not out.exists()  # the run made the folder, and a failed or empty run leaves none behind
