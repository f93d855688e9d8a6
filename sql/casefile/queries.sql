-- The case file's queries, each after a "-- name:" line (xref.sqlfiles.named_queries), read through
-- xref.casefile.case_sql by xref/casefile.py and xref/flag_review.py. The tables are sql/schema/*.sql's; every value
-- is a bound $parameter.

-- name: tables
select table_name
from information_schema.tables
order by table_name;

-- name: create_migrations
create table if not exists xref_migrations (
    version integer primary key,
    name varchar not null,
    applied_at timestamp default current_timestamp
);

-- name: migrations_done
select version from xref_migrations;

-- name: record_migration
insert into xref_migrations (version, name) values ($v, $n);

-- name: run_recorded
select count(*) from runs
where run_id = $r;

-- name: flag_columns
select column_name
from information_schema.columns
where table_name = 'flags';

-- name: insert_run
insert into runs values ($run_id, $started, $version, $label, $period_from, $period_to, $json);

-- name: insert_report
insert into run_reports values ($r, $v, $c, $t);

-- name: stored_report
select
    xref_version,
    context,
    template
from run_reports
where run_id = $r;

-- name: run_history
select
    r.run_id,
    r.started_at,
    r.period_label,
    count(f.flag_id) as flags
from runs as r
left join flags as f using (run_id)
group by all
order by r.started_at desc;

-- name: wanted_evidence
select
    e.flag_id,
    e.item,
    e.register,
    e.ref,
    e.digest,
    e.fields
from flag_evidence as e
inner join wanted_evidence using (flag_id, run_id)
order by e.flag_id, e.item;

-- name: first_raised_elsewhere
select
    f.flag_id,
    arg_min(f.run_id, r.started_at),
    arg_min(r.period_label, r.started_at)
from flags as f
inner join runs as r using (run_id)
where f.run_id <> $r
group by f.flag_id;

-- name: decisions
select * from decisions
order by decision_id;

-- name: latest_elsewhere
select
    f.flag_id,
    f.rule_id,
    f.severity,
    f.staff,
    f.supplier,
    f.summary,
    f.evidence_hash,
    f.lifecycle,
    f.run_id as last_run,
    r.period_label as last_period,
    r.started_at as raised_at
from flags as f
inner join runs as r using (run_id)
where f.run_id <> $r
qualify row_number() over (partition by f.flag_id order by r.started_at desc) = 1
order by f.flag_id;

-- name: trend_elsewhere
with latest as (
    select
        run_id,
        period_label,
        started_at
    from runs
    where run_id <> $r
    qualify row_number() over (partition by coalesce(period_label, run_id) order by started_at desc) = 1
)

select
    l.period_label,
    l.run_id,
    f.rule_id,
    count(f.flag_id)
from latest as l
left join flags as f using (run_id)
group by all
order by min(l.started_at), l.run_id, f.rule_id;

-- name: latest_flags
select
    f.*,
    r.period_label,
    r.started_at as raised_at
from flags as f
inner join runs as r using (run_id)
qualify row_number() over (partition by f.flag_id order by r.started_at desc) = 1
order by f.flag_id;

-- name: insert_decision
insert into decisions (
    flag_id, evidence_hash, reviewed_run_id, status, rationale, reviewer, reviewer_role, evidence_consulted,
    next_review_date, decided_at, recorded_at, confirms, source_file, source_row
) values (
    $flag_id, $evidence_hash, $reviewed_run_id, $status, $rationale, $reviewer, $reviewer_role, $evidence_consulted,
    $next_review_date, $decided_at, $recorded_at, $confirms, $source_file, $source_row
)
returning decision_id;

-- name: flag_raised
select
    r.started_at as at,
    r.started_at as raised_at,
    r.run_id,
    r.period_label,
    f.lifecycle,
    f.review_status,
    f.severity,
    f.evidence_hash,
    f.summary
from flags as f
inner join runs as r using (run_id)
where f.flag_id = $f
order by r.started_at;

-- name: flag_decisions
select * from decisions
where flag_id = $f
order by decision_id;

-- The same run recorded again replaces what was recorded of it: its rows in each table, children first.

-- name: forget_run_flags
delete from flags
where run_id = $r;

-- name: forget_run_run_inputs
delete from run_inputs
where run_id = $r;

-- name: forget_run_flag_evidence
delete from flag_evidence
where run_id = $r;

-- name: forget_run_run_reports
delete from run_reports
where run_id = $r;

-- name: forget_run_runs
delete from runs
where run_id = $r;
