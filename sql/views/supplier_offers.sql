-- macro: xref_supplier_offers(not_suppliers)
-- columns: every stg_gifts column, then offeror_id (the offeror's supplier group: sql/views/supplier_groups.sql)
-- definition: The gifts and hospitality offers made by a supplier: the offeror is named, is not on the public-body
--   list (xref_public_body_offerors, [policy] public_body_offerors) and matches none of not_suppliers (private
--   people and unidentified offerors; * matches any text, case ignored). The rules that count a supplier's offers
--   (R005, R006, R007) read it, each with its own not_suppliers parameter; the rules that pair an offer with a
--   contract of the offeror's (R001-R004) read it with none, so the public-body list is applied in one place.
create or replace macro xref_supplier_offers(not_suppliers) as table
    select
        g.*,
        coalesce(i.supplier_group, g.offeror_name_id) as offeror_id
    from stg_gifts as g
    left join xref_supplier_groups as i on g.offeror_name_id = i.name_id and i.source = 'gifts'
    where
        g.offeror_name_id is not null
        and not exists (
            select 1 from xref_public_body_offerors as b
            where b.offeror = g.offeror
        )
        and not exists (
            select 1
            from unnest(not_suppliers::varchar[]) as x (pattern)
            where g.offeror ilike replace(x.pattern, '*', '%')
        )
