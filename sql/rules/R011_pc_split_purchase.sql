-- rule: R011
-- title: Card purchase split to stay under the single-transaction limit
-- severity: medium
-- needs: cards
-- definition: Two or more procurement-card payments on the same card to the same merchant, each within the card
--   programme's single-transaction limit (card_limit_gbp, from [policy]), made within split_window_days of each
--   other and together above the limit: the classic split purchase (ACL and PaymentNet split-transaction tests)
--   that keeps each payment under the limit a buyer would otherwise need approval to exceed. The card is the
--   card number when the register records one, else the cardholder. The merchant is the same statement text,
--   with a trailing order reference after '*' ignored (AMAZON.CO.UK*FN3J951L9), or card texts that the matcher
--   linked automatically to the same supplier. Every window of split_window_days that qualifies is found, and
--   overlapping windows are merged (gaps and islands), so one run of purchases gives one flag, not one per
--   window. Marketplaces are not excluded: a split at Amazon is still a split. Refunds and payments above the
--   limit are not counted. Medium, not high: audits confirm only a minority of such clusters as deliberate.
--   Reported when the cluster's last payment falls in the reporting period.
-- rationale: {staff} made {txn_count} card payments to {merchants} between {first_txn_date} and {last_txn_date}
--   ({amounts}), each within the {limit_amount} single-transaction limit but {total_spend} together ({card_used}).
-- param split_window_days: 2 | days from a payment within which further payments count as the same purchase (inclusive: 0 = same day)
-- coverage: card payments in the period | stg_cards | transaction_date between $period_from and $period_to and amount > 0 | card_id is not null or cardholder_key is not null | record neither the card nor the cardholder
with all_candidates as not materialized (
    -- narrow, so the five years of payments are keyed without carrying their text; the rest is read for candidates
    select
        t.rec_id,
        t.transaction_date,
        t.amount,
        coalesce(t.card_id, t.cardholder_key) as card_key,
        m.merchant_key
    from stg_cards as t
    left join xref_card_merchants as m on t.merchant_name = m.merchant_name
    where
        t.amount > 0
        and t.amount <= $card_limit_gbp
        and coalesce(t.card_id, t.cardholder_key) is not null
),

period_pairs as (
    -- a reported cluster ends on a payment in the period, so only a card and merchant with one can have one
    select distinct
        card_key,
        merchant_key
    from all_candidates
    where transaction_date between $period_from and $period_to
),

candidates as (
    -- the whole history of those cards and merchants, since a run of purchases may begin before the period
    select
        c.*,
        t.ref,
        t.merchant_name,
        t.card_id,
        t.cardholder,
        t.cardholder_key
    from all_candidates as c
    semi join period_pairs as p on c.card_key = p.card_key and c.merchant_key = p.merchant_key
    inner join stg_cards as t on c.rec_id = t.rec_id
),

anchors as (
    select distinct
        card_key,
        merchant_key,
        transaction_date
    from candidates
),

windows as (
    -- each day with a payment opens a window of split_window_days; keep the windows that look like a split
    select
        a.card_key,
        a.merchant_key,
        a.transaction_date as window_start,
        max(c.transaction_date) as window_end
    from anchors as a
    inner join candidates as c
        on
            a.card_key = c.card_key
            and a.merchant_key = c.merchant_key
            and c.transaction_date between a.transaction_date
            and a.transaction_date + cast($split_window_days as integer)
    group by a.card_key, a.merchant_key, a.transaction_date
    having count(*) >= 2 and sum(c.amount) > $card_limit_gbp
),

ordered as (
    select
        *,
        max(window_end) over (
            partition by card_key, merchant_key order by window_start
            rows between unbounded preceding and 1 preceding
        ) as previous_end
    from windows
),

islands as (
    select
        *,
        sum(case when previous_end is null or window_start > previous_end then 1 else 0 end) over (
            partition by card_key, merchant_key order by window_start
        ) as island
    from ordered
),

clusters as (
    select
        card_key,
        merchant_key,
        island,
        min(window_start) as first_date,
        max(window_end) as last_date
    from islands
    group by card_key, merchant_key, island
    having max(window_end) between $period_from and $period_to
)

select
    k.card_key
    || ':'
    || upper(min(c.merchant_name) filter (where c.transaction_date = k.first_date))
    || ':'
    || cast(k.first_date as varchar) as subject_key,
    k.last_date as event_date,
    'medium' as severity,
    string_agg(distinct c.cardholder, '; ' order by c.cardholder) as staff,
    case when count(distinct c.cardholder_key) = 1 then any_value(c.cardholder_key) end as staff_key,
    string_agg(distinct c.merchant_name, '; ' order by c.merchant_name) as supplier,
    string_agg(c.ref, '; ' order by c.transaction_date, c.ref) as card_ref,
    list(c.rec_id order by c.transaction_date, c.ref) as evidence,
    list_filter(
        [
            case when k.first_date = k.last_date then { 'reason': 'all on one day', 'points': 5 } end,
            case
                when sum(c.amount) > 2 * $card_limit_gbp then { 'reason': 'more than twice the limit', 'points': 5 }
            end
        ],
        lambda x: x is not null
    ) as points,
    string_agg(distinct c.merchant_name, ', ' order by c.merchant_name) as merchants,
    count(*) as txn_count,
    sum(c.amount) as total_spend,
    list(c.amount order by c.transaction_date, c.ref) as amounts,
    $card_limit_gbp as limit_amount,
    k.first_date as first_txn_date,
    k.last_date as last_txn_date,
    date_diff('day', k.first_date, k.last_date) as days_apart,
    case
        when any_value(c.card_id) is not null then 'card ' || any_value(c.card_id)
        else 'no card number recorded: grouped by cardholder'
    end as card_used
from clusters as k
inner join candidates as c
    on
        k.card_key = c.card_key
        and k.merchant_key = c.merchant_key
        and c.transaction_date between k.first_date and k.last_date
group by k.card_key, k.merchant_key, k.island, k.first_date, k.last_date
