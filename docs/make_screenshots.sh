#!/bin/sh
# Re-make the README's report screenshots (docs/images/*.png): the walkthrough's two quarters on sample_data/,
# then headless Chromium. Needs `make run` to have set up .venv, and Debian's chromium.
# Usage: sh docs/make_screenshots.sh
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
X="$ROOT/.venv/bin/xref"
PY="$ROOT/.venv/bin/python"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$ROOT/sample_data" "$WORK/data"
cd "$WORK"

fill() {  # fill every open row of a review sheet: closed_no_issue by reviewer $2
    "$PY" - "$1" "$2" <<'PYEOF'
import sys
import polars as pl
sheet, who = sys.argv[1], sys.argv[2]
pl.read_csv(sheet, infer_schema=False).with_columns(
    decision=pl.lit("closed_no_issue"),
    rationale=pl.lit("declared and approved; no part in the award"),
    reviewer=pl.lit(who),
    reviewer_role=pl.lit("PSD reviewer"),
).write_csv(sheet)
PYEOF
}

# Quarter 1: run, then two reviewers close every flag (high and critical ones need both).
"$X" run --config data/xref.toml --period 2025Q1 --out q1 --db case.duckdb >/dev/null 2>&1
"$X" review export --db case.duckdb --out sheet1.csv >/dev/null && fill sheet1.csv "Alice Reviewer"
"$X" review import --db case.duckdb sheet1.csv >/dev/null
"$X" review export --db case.duckdb --out sheet2.csv >/dev/null && fill sheet2.csv "Bob Checker"
"$X" review import --db case.duckdb sheet2.csv >/dev/null

# Quarter 2: one new offer from a supplier whose flag was closed.
cat > data/gifts/gifts_and_hospitality_2025-26.csv <<'CSV'
Reference Number,Date of Offer,Name of Recipient,Department,Offered By,Nature of Gift/Hospitality,Gift or Hospitality,Estimated Value,Accepted or Declined,Given or Received,Date Registered,Approved By
GH/25-26/0001,14 May 2025,DI Emily Priestley,Training & Development,Bockhampton Uniform Supplies Ltd,Team lunch,Hospitality,£25,Accepted,Received,20/05/2025,Ch Supt Graham Oliver
CSV
"$X" run --config data/xref.toml --period 2025Q2 --out q2 --db case.duckdb >/dev/null 2>&1

shoot() {  # shoot $1 (html) to $2 (png) at width x height $3
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$3" \
        --screenshot="$2" "file://$1" >/dev/null 2>&1
}
shoot "$WORK/q2/report.html" "$ROOT/docs/images/report_front_page.png" 1366,768  # the first screen of a laptop
# The re-opened flag's card alone: a copy of the report with every other part hidden by one CSS rule.
FLAG=$(grep -o 'id="R006-[0-9a-f]*"' q2/report.html | head -1 | cut -d'"' -f2)
sed "s|</style>|body > *:not(#$FLAG) { display: none; } details { display: block; }</style>|" q2/report.html > card.html
shoot "$WORK/card.html" "$ROOT/docs/images/report_reopened_card.png" 1200,1000
echo "wrote docs/images/report_front_page.png and docs/images/report_reopened_card.png (flag $FLAG)"
