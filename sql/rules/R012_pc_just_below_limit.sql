-- rule: R012
-- title: Repeated card payments just below the card limit or a quotation threshold
-- severity: low
-- needs: cards
-- definition: A cardholder who, in one calendar quarter, made at least min_count card payments each just below a
--   limit: at or above the limit less band_pct per cent and below the limit itself. The limits are the card
--   programme's single-transaction limit (card_limit_gbp) and each [policy] threshold up to max_threshold_gbp
--   (the quotation and competition tiers; higher thresholds are not card-sized). One payment just under a limit
--   is ordinary; a run of them suggests buying to the limit, or splitting a larger need (World Bank "many awards
--   just below threshold"; ACL card tests). Card amounts are compared as recorded (usually including VAT, as
--   the card limit is). Quarters are calendar quarters of the payment date; a cardholder is the person named,
--   else the card number. Low: finance review only. Reported for payments in the reporting period.
-- rationale: {staff} made {txn_count} card payments in {quarter} just below {limit_amount} ({limit_label}):
--   {amounts} between {first_txn_date} and {last_txn_date}, to {merchants}.
-- param band_pct: 5.0 | how far below a limit a payment counts as just below it, in per cent of the limit (inclusive)
-- param min_count: 3 | payments just below one limit in one quarter, by one cardholder, needed to flag (inclusive)
-- param max_threshold_gbp: 5000.0 | [policy] thresholds above this many pounds are not checked (the card limit always is)
-- coverage: card payments in the period | stg_cards | transaction_date between $period_from and $period_to and amount > 0 | cardholder_key is not null or card_id is not null | record neither the cardholder nor the card
with thresholds as (
    select
        unnest($thresholds_gbp::double[]) as limit_gbp,
        unnest($threshold_labels::varchar[]) as label
),

limits as (
    select distinct on (limit_amount)
        limit_amount,
        limit_label
    from (
        select
            round($card_limit_gbp, 2) as limit_amount,
            'the card single-transaction limit' as limit_label,
            0 as ord
        union all
        select
            round(limit_gbp, 2),
            label,
            1
        from thresholds
        where limit_gbp <= $max_threshold_gbp
    )
    order by limit_amount, ord
),

hits as (
    select
        t.*,
        coalesce(t.cardholder_key, 'card ' || t.card_id) as holder_key,
        cast(year(t.transaction_date) as varchar) || 'Q' || cast(quarter(t.transaction_date) as varchar) as quarter,
        l.limit_amount,
        l.limit_label
    from stg_cards as t
    inner join limits as l
        on
            t.amount >= round(l.limit_amount * (1 - $band_pct / 100.0), 2)
            and t.amount < l.limit_amount
    where
        t.transaction_date between $period_from and $period_to
        and coalesce(t.cardholder_key, t.card_id) is not null
)

select
    h.holder_key || ':' || cast(h.limit_amount as varchar) || ':' || h.quarter as subject_key,
    max(h.transaction_date) as event_date,
    'low' as severity,
    coalesce(string_agg(distinct h.cardholder, '; ' order by h.cardholder), any_value(h.holder_key)) as staff,
    any_value(h.cardholder_key) as staff_key,
    string_agg(distinct h.merchant_name, '; ' order by h.merchant_name) as supplier,
    string_agg(h.ref, '; ' order by h.transaction_date, h.ref) as card_ref,
    list(h.rec_id order by h.transaction_date, h.ref) as evidence,
    list_filter(
        [
            case when count(*) >= 2 * $min_count then { 'reason': 'twice the minimum count', 'points': 5 } end
        ],
        lambda x: x is not null
    ) as points,
    h.quarter,
    h.limit_amount,
    any_value(h.limit_label) as limit_label,
    round(h.limit_amount * (1 - $band_pct / 100.0), 2) as band_floor_amount,
    count(*) as txn_count,
    sum(h.amount) as total_spend,
    list(h.amount order by h.transaction_date, h.ref) as amounts,
    string_agg(distinct h.merchant_name, ', ' order by h.merchant_name) as merchants,
    min(h.transaction_date) as first_txn_date,
    max(h.transaction_date) as last_txn_date
from hits as h
group by h.holder_key, h.limit_amount, h.quarter
having count(*) >= $min_count
