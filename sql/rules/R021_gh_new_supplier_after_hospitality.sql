-- rule: R021
-- title: New supplier whose first business followed its gifts or hospitality
-- severity: medium
-- needs: gifts
-- definition: A supplier's first dealing with the force in its data (its first contract award, card transaction or
--   payment, whichever came first) falls in the reporting period, 0 to window_days after the first gift or
--   hospitality it offered to any member of staff. Courting staff before becoming a supplier is a known route to
--   being taken on ("qualifying an unqualified or untested company", ACFE; HMIC 2012). A supplier is the set of
--   names the matcher links automatically; offerors are connected to it through the name links (a possible match
--   is flagged one step lower). Public-body offerors ([policy] public_body_offerors, listed in the report) and marketplace card merchants
--   ([policy] marketplaces) are left out, and refunds and credits are not dealings. Adapted from the rule catalogue, which
--   counts contracts and card spend: payments are counted too, since a supplier paid by invoice is not new; and a
--   first dealing counts as new only when its register holds at least min_history_days of earlier records, since
--   a supplier first seen just after a register starts may simply predate the data. Needs the gifts register and
--   at least one of contracts, cards or payments.
-- rationale: {offeror} first offered {gift_kind} ({gift_description}; {gift_status}; value {gift_value}) to {staff}
--   on {offer_date}; {days_after_offer} days later {supplier} first did business with the force: {first_dealing}
--   on {first_dealing_date}. It made {offers_before} offer(s) to {recipients} before then.
-- param window_days: 180 | days after the supplier's first offer within which its first dealing counts (inclusive)
-- param min_history_days: 365 | days of earlier records the register of the first dealing must hold before a supplier counts as new
-- coverage: contracts awarded in the period | stg_contracts | award_date between $period_from and $period_to | award_date >= (select min(x.award_date) from stg_contracts as x) + cast($min_history_days as integer) | are within min_history_days of the start of the contracts data, too early to tell a new supplier
-- coverage: card transactions in the period | stg_cards | transaction_date between $period_from and $period_to | transaction_date >= (select min(x.transaction_date) from stg_cards as x) + cast($min_history_days as integer) | are within min_history_days of the start of the card data, too early to tell a new merchant
-- coverage: payments in the period | stg_payments | payment_date between $period_from and $period_to | payment_date >= (select min(x.payment_date) from stg_payments as x) + cast($min_history_days as integer) | are within min_history_days of the start of the payments data, too early to tell a new supplier
-- coverage_needs: any
with register_starts as (
    select
        (select min(award_date) from stg_contracts) as contracts_from,
        (select min(transaction_date) from stg_cards) as cards_from,
        (select min(payment_date) from stg_payments) as payments_from
),

marketplace_texts as (
    -- card statement texts of a marketplace, checked once per distinct text (the cards register's names)
    select t.raw as merchant_name
    from xref_names as t
    where
        t.source = 'cards'
        and exists (
            select 1
            from unnest($marketplaces::varchar[]) as x (pattern)
            where t.raw ilike replace(x.pattern, '*', '%')
        )
),

dealings as not materialized (
    -- every dealing's date and reference, read as the registers are scanned: the wording of the one that is first
    -- is read once it is known
    select
        'contract award' as kind,
        c.supplier_name_id as name_id,
        c.award_date as dealing_date,
        c.ref,
        c.rec_id
    from stg_contracts as c
    where c.supplier_name_id is not null
    union all
    select
        'card transaction',
        t.merchant_name_id,
        t.transaction_date,
        t.ref,
        t.rec_id
    from stg_cards as t
    where
        t.merchant_name_id is not null
        and t.amount > 0
        and not exists (
            select 1 from marketplace_texts as m
            where m.merchant_name = t.merchant_name
        )
    union all
    select
        'payment',
        p.supplier_name_id,
        p.payment_date,
        p.ref,
        p.rec_id
    from stg_payments as p
    where p.supplier_name_id is not null and p.amount > 0
),

dealing_names as (
    -- each name's first dealing date
    select
        name_id,
        min(dealing_date) as first_date
    from dealings
    group by name_id
),

supplier_groups as (
    -- the matcher's automatic links form whole clusters, so the least linked name identifies the supplier
    select
        n.name_id,
        min(l.name_b) as supplier_group
    from dealing_names as n
    inner join xref_links as l on n.name_id = l.name_a and l.band = 'auto'
    inner join dealing_names as m on l.name_b = m.name_id
    group by n.name_id
),

group_starts as (
    -- the suppliers whose first dealing falls in the period: only they can be new in it
    select
        g.supplier_group,
        min(n.first_date) as first_date
    from supplier_groups as g
    inner join dealing_names as n on g.name_id = n.name_id
    group by g.supplier_group
    having min(n.first_date) between $period_from and $period_to
),

first_dealings as (
    select
        s.supplier_group,
        arg_min(
            { 'kind': d.kind, 'dealing_date': d.dealing_date, 'ref': d.ref, 'rec_id': d.rec_id },
            (d.dealing_date, d.kind, d.ref)
        ) as first
    from group_starts as s
    inner join supplier_groups as g on s.supplier_group = g.supplier_group
    inner join dealings as d on g.name_id = d.name_id and s.first_date = d.dealing_date
    group by s.supplier_group
),

new_first_dealings as (
    select
        f.supplier_group,
        f.first.kind,
        f.first.dealing_date,
        f.first.ref,
        f.first.rec_id
    from first_dealings as f, register_starts as s
    where
        f.first.dealing_date between $period_from and $period_to
        and f.first.dealing_date >= case f.first.kind
            when 'contract award' then s.contracts_from
            when 'card transaction' then s.cards_from
            else s.payments_from
        end + cast($min_history_days as integer)
),

new_suppliers as (
    select
        f.supplier_group,
        f.kind,
        coalesce(c.supplier_name, t.merchant_name, p.supplier_name) as counterpart,
        f.dealing_date,
        f.ref,
        f.rec_id,
        case f.kind
            when 'contract award'
                then
                    coalesce(' (' || nullif(concat_ws(', ', c.title, '£' || format('{:,.2f}', c.value)), '') || ')', '')
            when 'card transaction'
                then
                    ' (£' || format('{:,.2f}', t.amount) || coalesce(' by ' || t.cardholder, '') || ')'
            else ' (£' || format('{:,.2f}', p.amount) || ')'
        end as detail
    from new_first_dealings as f
    left join stg_contracts as c on f.kind = 'contract award' and f.rec_id = c.rec_id
    left join stg_cards as t on f.kind = 'card transaction' and f.rec_id = t.rec_id
    left join stg_payments as p on f.kind = 'payment' and f.rec_id = p.rec_id
),

offers as (
    -- each offer from a supplier, through its best name link to the supplier's names
    select
        n.supplier_group,
        g.*,
        l.score,
        l.band,
        l.method,
        l.explanation,
        [l.name_a, l.name_b] as pair
    from stg_gifts as g
    inner join xref_links as l on g.offeror_name_id = l.name_a
    inner join supplier_groups as n on l.name_b = n.name_id
    where
        not exists (
            select 1 from xref_public_body_offerors as b
            where b.offeror = g.offeror
        )
    qualify row_number() over (partition by n.supplier_group, g.rec_id order by l.score desc, l.name_b) = 1
),

courted as (
    select
        s.*,
        o.offer_date,
        o.ref as gift_ref,
        o.rec_id as gift_rec_id,
        o.recipient,
        o.recipient_key,
        o.offeror,
        o.kind as gift_kind,
        o.description as gift_description,
        o.status_raw as gift_status,
        o.value as gift_value,
        o.score,
        o.band,
        o.method,
        o.explanation,
        o.pair
    from new_suppliers as s
    inner join offers as o on s.supplier_group = o.supplier_group and o.offer_date <= s.dealing_date
)

select
    lower(any_value(c.counterpart)) as subject_key,
    any_value(c.dealing_date) as event_date,
    'medium' as severity,
    arg_min(c.recipient, (c.offer_date, c.gift_ref)) as staff,
    arg_min(c.recipient_key, (c.offer_date, c.gift_ref)) as staff_key,
    any_value(c.counterpart) as supplier,
    case when any_value(c.kind) = 'contract award' then any_value(c.ref) end as contract_ref,
    string_agg(c.gift_ref, '; ' order by c.offer_date, c.gift_ref) as gift_ref,
    case when any_value(c.kind) = 'card transaction' then any_value(c.ref) end as card_ref,
    case when any_value(c.kind) = 'payment' then any_value(c.ref) end as payment_ref,
    arg_min(c.score, (c.offer_date, c.gift_ref)) as match_score,
    arg_min(c.band, (c.offer_date, c.gift_ref)) as match_band,
    arg_min(c.method, (c.offer_date, c.gift_ref)) as match_method,
    arg_min(c.explanation, (c.offer_date, c.gift_ref)) as match_explanation,
    arg_min(c.pair, (c.offer_date, c.gift_ref)) as match_pair,
    list_append(list(c.gift_rec_id order by c.offer_date, c.gift_ref), any_value(c.rec_id)) as evidence,
    arg_min(c.offeror, (c.offer_date, c.gift_ref)) as offeror,
    min(c.offer_date) as offer_date,
    arg_min(c.gift_kind, (c.offer_date, c.gift_ref)) as gift_kind,
    arg_min(c.gift_description, (c.offer_date, c.gift_ref)) as gift_description,
    arg_min(c.gift_status, (c.offer_date, c.gift_ref)) as gift_status,
    arg_min(c.gift_value, (c.offer_date, c.gift_ref)) as gift_value,
    date_diff('day', min(c.offer_date), any_value(c.dealing_date)) as days_after_offer,
    any_value(c.kind) || ' ' || any_value(c.ref) || any_value(c.detail) as first_dealing,
    any_value(c.kind) as first_dealing_kind,
    any_value(c.dealing_date) as first_dealing_date,
    count(*) as offers_before,
    string_agg(distinct c.recipient, ', ' order by c.recipient) as recipients
from courted as c
group by c.supplier_group
having date_diff('day', min(c.offer_date), any_value(c.dealing_date)) <= $window_days
