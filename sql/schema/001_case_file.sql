-- The persistent case file: every run, its inputs and its flags, kept across quarters.
create table runs (
    run_id varchar primary key,
    started_at timestamp not null,
    xref_version varchar not null,
    period_label varchar,
    period_from date,
    period_to date,
    run_json varchar not null
);

create table run_inputs (
    run_id varchar not null,
    register varchar not null,
    file varchar not null,
    sha256 varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null
);

create table flags (
    run_id varchar not null,
    flag_id varchar not null,
    rule_id varchar not null,
    rule_title varchar not null,
    severity varchar not null,
    staff varchar,
    staff_key varchar,
    supplier varchar,
    contract_ref varchar,
    gift_ref varchar,
    card_ref varchar,
    interest_ref varchar,
    payment_ref varchar,
    match_score double,
    match_band varchar,
    match_method varchar,
    match_explanation varchar,
    event_date date,
    summary varchar not null,
    subject_key varchar not null,
    evidence varchar[],
    facts varchar,
    primary key (run_id, flag_id)
);
