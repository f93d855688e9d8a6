-- rule: R013
-- title: Card spend with a supplier that holds a live contract
-- severity: low
-- needs: cards, contracts
-- definition: Procurement-card spend in the reporting period with a merchant that matches the supplier of a
--   contract live on the transaction date (from its start date, or award date when there is none, to its end
--   date; open-ended without one). Buying on a card from a contracted supplier bypasses the contract's prices
--   and controls ("maverick spend"). Grouped per contract and cardholder over the period (one flag per pair in every period,
--   so a decision carries and new spend re-opens it); flagged when the total
--   reaches min_spend_gbp or the count reaches min_txns.
-- rationale: {staff} made {txn_count} card payment(s) totalling {total_spend} to {merchants} between
--   {first_txn_date} and {last_txn_date}, while contract {contract_ref} with {supplier} ({contract_title}) was
--   live ({contract_start} to {contract_end}).
-- param min_spend_gbp: 500.0 | flag when spend in the period with the supplier reaches this total (inclusive)
-- param min_txns: 3 | ...or when the number of transactions reaches this count
-- coverage: contracts | stg_contracts | true | coalesce(start_date, award_date) is not null | have neither a start nor an award date, so when they were live is unknown
with spend as (
    -- each card payment in the period to a merchant linked to a supplier under contract on its date; the contract
    -- must have started by the period's end and not ended before its start, so the rest of the register is not read
    select
        c.ref as contract_ref,
        c.rec_id as contract_rec_id,
        c.title,
        c.supplier_name,
        c.start_date,
        c.award_date,
        c.end_date,
        t.rec_id,
        t.ref,
        t.transaction_date,
        t.amount,
        t.merchant_name,
        t.cardholder,
        t.cardholder_key,
        l.score,
        l.band,
        l.method,
        l.explanation,
        l.name_a,
        l.name_b
    from stg_cards as t
    inner join xref_links as l on t.merchant_name_id = l.name_a
    inner join stg_contracts as c on l.name_b = c.supplier_name_id
    where
        t.transaction_date between $period_from and $period_to
        and t.amount > 0
        and coalesce(c.start_date, c.award_date) <= $period_to
        and (c.end_date is null or c.end_date >= $period_from)
        and coalesce(c.start_date, c.award_date) <= t.transaction_date
        and (c.end_date is null or t.transaction_date <= c.end_date)
),

reported as (
    -- the contracts and cardholders whose spend is enough to report, before their evidence is gathered
    select
        contract_ref,
        cardholder_key
    from spend
    group by contract_ref, cardholder_key
    having sum(amount) >= $min_spend_gbp or count(*) >= $min_txns
)

select
    t.contract_ref || ':' || coalesce(t.cardholder_key, '-') as subject_key,
    max(t.transaction_date) as event_date,
    'low' as severity,
    any_value(t.cardholder) as staff,
    t.cardholder_key as staff_key,
    any_value(t.supplier_name) as supplier,
    t.contract_ref,
    string_agg(t.ref, '; ' order by t.transaction_date, t.ref) as card_ref,
    min(t.score) as match_score,
    case when bool_and(t.band = 'auto') then 'auto' else 'review' end as match_band,
    arg_min(t.method, (t.score, t.band = 'auto', t.name_a, t.name_b)) as match_method,
    arg_min(t.explanation, (t.score, t.band = 'auto', t.name_a, t.name_b)) as match_explanation,
    arg_min([t.name_a, t.name_b], (t.score, t.band = 'auto', t.name_a, t.name_b)) as match_pair,
    list_prepend(any_value(t.contract_rec_id), list(t.rec_id order by t.transaction_date, t.rec_id)) as evidence,
    any_value(t.title) as contract_title,
    any_value(coalesce(t.start_date, t.award_date)) as contract_start,
    coalesce(any_value(t.end_date)::varchar, 'no end date') as contract_end,
    string_agg(distinct t.merchant_name, ', ' order by t.merchant_name) as merchants,
    count(*) as txn_count,
    round(sum(t.amount), 2) as total_spend,
    min(t.transaction_date) as first_txn_date,
    max(t.transaction_date) as last_txn_date
from spend as t
semi join reported as r
    on t.contract_ref = r.contract_ref and t.cardholder_key is not distinct from r.cardholder_key
group by t.contract_ref, t.cardholder_key
