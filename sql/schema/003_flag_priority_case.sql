-- Priority points with their breakdown, and the case (same person and supplier) each flag belongs to.
alter table flags add column priority integer;
alter table flags add column priority_breakdown varchar;
alter table flags add column case_id varchar;
