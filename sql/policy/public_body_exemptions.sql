-- Offers the gifts rules left out because the offeror is on the public-body list ([policy] public_body_offerors;
-- the table xref_public_body_offerors, made by xref.rules.stage_public_bodies): those made in the reporting period,
-- and earlier ones made at most $lookback_days before a contract awarded in the period to a supplier the offeror's
-- name links to (R001 to R003 look back from the award; xref.rules.public_body_exemptions binds the rules' longest
-- lookback_days). Each offer comes with the list entry it matched and the suppliers its name links to (contracts,
-- supplier payments, card merchants): an offer with such a link is one the supplier rules (R001-R004, R021) would
-- otherwise have weighed.
with exempt as (
    select
        g.rec_id,
        g.ref,
        g.offer_date,
        g.offeror,
        g.offeror_name_id,
        g.status,
        g.value,
        b.pattern,
        b.kind
    from stg_gifts as g
    inner join xref_public_body_offerors as b on g.offeror = b.offeror
),

dealings as (
    select
        e.rec_id,
        c.supplier_name as supplier,
        'contract' as register,
        c.ref,
        c.award_date as dealing_date
    from exempt as e
    inner join xref_links as l on e.offeror_name_id = l.name_a
    inner join stg_contracts as c on l.name_b = c.supplier_name_id
    union all
    select
        e.rec_id,
        p.supplier_name,
        'payment',
        p.ref,
        p.payment_date
    from exempt as e
    inner join xref_links as l on e.offeror_name_id = l.name_a
    inner join stg_payments as p on l.name_b = p.supplier_name_id
    union all
    select
        e.rec_id,
        t.merchant_name,
        'card',
        t.ref,
        t.transaction_date
    from exempt as e
    inner join xref_links as l on e.offeror_name_id = l.name_a
    inner join stg_cards as t on l.name_b = t.merchant_name_id
)

select
    e.ref as gift_ref,
    e.offer_date,
    e.offeror,
    e.status,
    e.value,
    e.pattern,
    e.kind,
    string_agg(distinct d.supplier, '; ' order by d.supplier) as linked_suppliers,
    string_agg(distinct d.ref, '; ' order by d.ref) filter (where d.register = 'contract') as contract_refs,
    count(distinct d.register || ':' || d.ref) as dealings
from exempt as e
left join dealings as d on e.rec_id = d.rec_id
group by e.rec_id, e.ref, e.offer_date, e.offeror, e.status, e.value, e.pattern, e.kind
having
    e.offer_date between $period_from and $period_to
    or bool_or(
        d.register = 'contract'
        and d.dealing_date between $period_from and $period_to
        and e.offer_date between d.dealing_date - cast($lookback_days as integer) and d.dealing_date
    )
order by e.offer_date, e.ref
