-- The Companies House officer or PSC record a flag is about (R027-R029), beside its other register references.
alter table flags add column officer_ref varchar;
