-- The review workflow across quarters (the rule catalogue, §4.3).
-- Each flag row records what this run made of it: lifecycle new / carried_forward / re_opened / auto_closed, the
-- review status it stands at, when it was first raised, and a fingerprint of its evidence (evidence_hash) so a later
-- run can tell whether the evidence a reviewer decided on has changed.
alter table flags add column evidence_hash varchar;
alter table flags add column lifecycle varchar;
alter table flags add column review_status varchar;
alter table flags add column first_seen_run varchar;
alter table flags add column first_seen_period varchar;
alter table flags add column evidence_diff varchar;
-- The supplier names as written behind match_pair, so a false-match closure can record a not_same override.
alter table flags add column match_names varchar[];

-- The evidence records behind each flag, as loaded: what a decision was made on, for the diff when it re-opens.
create table flag_evidence (
    run_id varchar not null,
    flag_id varchar not null,
    item varchar not null,
    register varchar not null,
    ref varchar not null,
    digest varchar not null,
    fields varchar not null,
    primary key (run_id, flag_id, item)
);

-- Reviewer decisions: append-only (xref inserts, never updates or deletes).
create sequence decision_seq start 1;
create table decisions (
    decision_id bigint primary key default nextval('decision_seq'),
    flag_id varchar not null,
    evidence_hash varchar not null,
    reviewed_run_id varchar not null,
    status varchar not null,
    rationale varchar,
    reviewer varchar not null,
    reviewer_role varchar,
    evidence_consulted varchar,
    next_review_date date,
    decided_at timestamp not null,
    recorded_at timestamp not null,
    confirms bigint,
    source_file varchar,
    source_row integer
);

-- Everything report.html was rendered from (JSON) and the template it was rendered with, so `xref report --run` can
-- render it again byte for byte, even after an upgrade has changed the template.
create table run_reports (
    run_id varchar primary key,
    xref_version varchar not null,
    context varchar not null,
    template varchar not null
);
