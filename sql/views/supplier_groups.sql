-- view: xref_supplier_groups
-- columns: source (the register), name_id, supplier_group
-- definition: Each supplier name of a register (xref_names) beside the least name of the same register that the
--   matcher links to it automatically (xref_links, band 'auto'; every name is linked to itself). The automatic
--   links form whole clusters (xref/matching.py), so two names of one register with the same supplier_group are
--   one supplier: "Acme Ltd" and "ACME LIMITED" on two contracts. Rules that count a supplier's awards, payments
--   or offers together read it (R005-R007, R017, R018, R026); R021, which groups names across registers, does not.
create or replace view xref_supplier_groups as
select
    a.source,
    l.name_a as name_id,
    min(l.name_b) as supplier_group
from xref_links as l
inner join xref_names as a on l.name_a = a.name_id
inner join xref_names as b on l.name_b = b.name_id and a.source = b.source
where l.band = 'auto'
group by a.source, l.name_a
