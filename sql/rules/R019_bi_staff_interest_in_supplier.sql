-- rule: R019
-- title: Staff business interest in a supplier, merchant or offeror
-- severity: medium
-- needs: interests
-- definition: A second job or business interest whose organisation matches a contract supplier, card merchant,
--   payment supplier or gifts offeror that was active in the reporting period (a contract live, or a card
--   transaction, payment or offer dated in it) while the interest was current. This is the National Fraud
--   Initiative's "employees with interests in companies the organisation is trading with". Critical when the
--   interest was refused (the member of staff was told not to hold it); high when the same person is also the
--   cardholder, gift recipient or contract approver involved; medium otherwise (a declared, approved interest
--   is not misconduct, but PSD should know the force trades with it).
-- rationale: {staff} declared an interest ({interest_role}; {interest_status}) in {organisation}; in the period
--   the force dealt with it as {activity_summary}.
-- coverage: business interests current in the period | stg_interests | (start_date is null or start_date <= $period_to) and (end_date is null or end_date >= $period_from) | organisation_name_id is not null | name no organisation
-- coverage: business interests current in the period | stg_interests | (start_date is null or start_date <= $period_to) and (end_date is null or end_date >= $period_from) | exists (select 1 from stg_contracts) or exists (select 1 from stg_cards) or exists (select 1 from stg_payments) or exists (select 1 from stg_gifts) | have no contract, card payment, supplier payment or gift offer in the run to be compared with
with activity as (
    select
        'contract' as kind,
        c.supplier_name_id as name_id,
        c.supplier_name as counterpart,
        c.ref,
        c.rec_id,
        greatest(coalesce(c.start_date, c.award_date), $period_from::date) as activity_date,
        -- a contract is live over a span: it counts if the interest was current at any day of it in the period
        least(coalesce(c.end_date, $period_to::date), $period_to::date) as activity_end,
        c.approver_key as person_key
    from stg_contracts as c
    where
        coalesce(c.start_date, c.award_date) <= $period_to
        and (c.end_date is null or c.end_date >= $period_from)
    union all
    select
        'card',
        t.merchant_name_id,
        t.merchant_name,
        t.ref,
        t.rec_id,
        t.transaction_date,
        t.transaction_date,
        t.cardholder_key
    from stg_cards as t
    where t.transaction_date between $period_from and $period_to
    union all
    select
        'payment',
        p.supplier_name_id,
        p.supplier_name,
        p.ref,
        p.rec_id,
        p.payment_date,
        p.payment_date,
        null
    from stg_payments as p
    where p.payment_date between $period_from and $period_to
    union all
    select
        'gift',
        g.offeror_name_id,
        g.offeror,
        g.ref,
        g.rec_id,
        g.offer_date,
        g.offer_date,
        g.recipient_key
    from stg_gifts as g
    where g.offer_date between $period_from and $period_to
),

hits as (
    select
        i.*,
        a.kind,
        a.counterpart,
        a.ref as activity_ref,
        a.rec_id as activity_rec_id,
        a.activity_date,
        a.person_key is not null and a.person_key = i.staff_key as personally_involved,
        l.score,
        l.band,
        l.method,
        l.explanation,
        [l.name_a, l.name_b] as pair
    from stg_interests as i
    inner join xref_links as l on i.organisation_name_id = l.name_a
    inner join activity as a on l.name_b = a.name_id
    where
        (i.start_date is null or i.start_date <= a.activity_end)
        and (i.end_date is null or a.activity_date <= i.end_date)
)

select
    'interest:' || h.ref as subject_key,
    max(h.activity_date) as event_date,
    case
        when any_value(h.status) = 'refused' then 'critical'
        when bool_or(h.personally_involved) then 'high'
        else 'medium'
    end as severity,
    any_value(h.staff) as staff,
    h.staff_key,
    string_agg(distinct h.counterpart, '; ' order by h.counterpart) as supplier,
    string_agg(distinct h.activity_ref, '; ' order by h.activity_ref) filter (where h.kind = 'contract')
        as contract_ref,
    string_agg(distinct h.activity_ref, '; ' order by h.activity_ref) filter (where h.kind = 'gift') as gift_ref,
    string_agg(distinct h.activity_ref, '; ' order by h.activity_ref) filter (where h.kind = 'card') as card_ref,
    h.ref as interest_ref,
    string_agg(distinct h.activity_ref, '; ' order by h.activity_ref) filter (where h.kind = 'payment') as payment_ref,
    min(h.score) as match_score,
    case when bool_and(h.band = 'auto') then 'auto' else 'review' end as match_band,
    arg_min(h.method, (h.score, h.band = 'auto', h.pair)) as match_method,
    arg_min(h.explanation, (h.score, h.band = 'auto', h.pair)) as match_explanation,
    arg_min(h.pair, (h.score, h.band = 'auto', h.pair)) as match_pair,
    list_prepend(any_value(h.rec_id), list(distinct h.activity_rec_id order by h.activity_rec_id)) as evidence,
    any_value(h.organisation) as organisation,
    coalesce(any_value(h.role), 'role not stated') as interest_role,
    coalesce(any_value(h.status_raw), 'status not stated') as interest_status,
    concat_ws(
        ', ',
        case
            when count(*) filter (where h.kind = 'contract') > 0
                then
                    'a contracted supplier (' || count(distinct h.activity_ref) filter (where h.kind = 'contract')
                    || ' contract(s))'
        end,
        case
            when count(*) filter (where h.kind = 'card') > 0
                then 'a card merchant (' || count(*) filter (where h.kind = 'card') || ' transaction(s))'
        end,
        case
            when count(*) filter (where h.kind = 'payment') > 0
                then 'a paid supplier (' || count(*) filter (where h.kind = 'payment') || ' payment(s))'
        end,
        case
            when count(*) filter (where h.kind = 'gift') > 0
                then 'an offeror of gifts or hospitality (' || count(*) filter (where h.kind = 'gift') || ' offer(s))'
        end,
        case when bool_or(h.personally_involved) then 'with ' || any_value(h.staff) || ' personally involved' end
    ) as activity_summary
from hits as h
group by h.ref, h.staff_key
