-- rule: R015
-- title: Possible duplicate card payment, or a large round-sum card payment
-- severity: low
-- needs: cards
-- definition: Two checks on procurement-card payments (IDEA duplicate key; card-audit round-sum test). Duplicate:
--   two or more payments on the same card (card number, else cardholder) to the same merchant (same statement
--   text, ignoring a trailing order reference after '*', or texts the matcher linked to one supplier) for
--   exactly the same amount, each within dup_days of the previous one: a charge taken twice, or the same thing
--   bought twice. Payments under dup_min_gbp are left out, because same-price repeats such as daily parking or
--   train fares are ordinary. Round sum: a payment of at least round_min_gbp that is an exact multiple of
--   round_unit_gbp, a common sign of an estimate, a deposit or a made-up invoice. Round sums are common in real
--   card data (about 5% of Oxford City Council's card payments over £100 are multiples of £50), so the test is
--   kept narrower than the rule catalogue's £100 and £50: by default multiples of £100 from £250. A round payment that is
--   also part of a duplicate is reported once, in the duplicate flag. Refunds are not counted. Low: finance
--   review. Reported when the duplicate's last payment, or the round payment, falls in the reporting period.
-- rationale: {staff} paid {merchants} {amounts} on {dates} ({card_used}): {finding}.
-- param dup_days: 3 | days from one payment within which the same amount again counts as a duplicate (inclusive: 0 = same day)
-- param dup_min_gbp: 50.0 | pounds from which identical payments are checked as duplicates (inclusive)
-- param round_min_gbp: 250.0 | pounds from which a round-sum payment is flagged (inclusive)
-- param round_unit_gbp: 100.0 | a payment that is an exact multiple of this many pounds is a round sum
-- coverage: card payments in the period large enough for the duplicate check | stg_cards | transaction_date between $period_from and $period_to and amount >= $dup_min_gbp | card_id is not null or cardholder_key is not null | record neither the card nor the cardholder
-- coverage: card payments in the period (round-sum check) | stg_cards | transaction_date between $period_from and $period_to and amount > 0 | true | (none: every payment is checked)
-- coverage_needs: any
with payments as not materialized (
    select
        t.*,
        coalesce(t.card_id, t.cardholder_key) as card_key,
        m.merchant_key,
        round(t.amount, 2) as amount_2dp
    from stg_cards as t
    left join xref_card_merchants as m on t.merchant_name = m.merchant_name
    where t.amount > 0
),

period_amounts as (
    -- a reported run of one amount ends on a payment in the period, so only an amount paid on a card to a merchant
    -- in the period can have one
    select distinct
        card_key,
        merchant_key,
        amount_2dp
    from payments
    where card_key is not null and amount >= $dup_min_gbp and transaction_date between $period_from and $period_to
),

repeatable as (
    -- the whole history of those amounts, since a run may begin before the period
    select p.*
    from payments as p
    semi join period_amounts as q
        on p.card_key = q.card_key and p.merchant_key = q.merchant_key and p.amount_2dp = q.amount_2dp
),

sequenced as (
    select
        *,
        lag(transaction_date) over (
            partition by card_key, merchant_key, amount_2dp order by transaction_date, ref
        ) as previous_date
    from repeatable
    where card_key is not null and amount >= $dup_min_gbp
),

runs as (
    select
        *,
        sum(
            case when previous_date is null or date_diff('day', previous_date, transaction_date) > $dup_days then 1 end
        ) over (partition by card_key, merchant_key, amount_2dp order by transaction_date, ref) as run
    from sequenced
),

duplicates as (
    select
        card_key,
        merchant_key,
        amount_2dp,
        run,
        min(transaction_date) as first_date,
        max(transaction_date) as last_date,
        count(*) as txn_count
    from runs
    group by card_key, merchant_key, amount_2dp, run
    having count(*) >= 2 and max(transaction_date) between $period_from and $period_to
),

duplicate_rows as (
    select
        r.*,
        d.first_date,
        d.last_date
    from runs as r
    inner join duplicates as d using (card_key, merchant_key, amount_2dp, run)
),

found as (
    select
        'duplicate' as kind,
        r.card_key || ':' || upper(min(r.merchant_name) filter (where r.transaction_date = r.first_date)) || ':'
        || cast(r.amount_2dp as varchar) || ':' || cast(r.first_date as varchar) as subject_key,
        r.last_date as event_date,
        list(r.rec_id order by r.transaction_date, r.ref) as rec_ids,
        list(r.ref order by r.transaction_date, r.ref) as refs,
        list(r.transaction_date order by r.transaction_date, r.ref) as txn_dates,
        list(r.amount order by r.transaction_date, r.ref) as amounts,
        string_agg(distinct r.merchant_name, ', ' order by r.merchant_name) as merchants,
        string_agg(distinct r.cardholder, '; ' order by r.cardholder) as staff,
        case when count(distinct r.cardholder_key) = 1 then any_value(r.cardholder_key) end as staff_key,
        any_value(r.card_id) as card_id,
        count(*) as txn_count,
        r.amount_2dp % $round_unit_gbp = 0 and r.amount_2dp >= $round_min_gbp as round_sum,
        format(
            'the same amount {} times {} on the same card, a possible duplicate',
            count(*),
            case
                when r.first_date = r.last_date then 'on one day'
                else format('within {} day(s)', date_diff('day', r.first_date, r.last_date))
            end
        ) as finding
    from duplicate_rows as r
    group by r.card_key, r.merchant_key, r.amount_2dp, r.run, r.first_date, r.last_date
    union all
    select
        'round sum',
        p.ref,
        p.transaction_date,
        [p.rec_id],
        [p.ref],
        [p.transaction_date],
        [p.amount],
        p.merchant_name,
        p.cardholder,
        p.cardholder_key,
        p.card_id,
        1,
        true,
        format('a round sum, an exact multiple of £{:,.0f}', $round_unit_gbp)
    from payments as p
    where
        p.transaction_date between $period_from and $period_to
        and p.amount_2dp >= $round_min_gbp
        and p.amount_2dp % $round_unit_gbp = 0
        and not exists (
            select 1 from duplicate_rows as r
            where r.rec_id = p.rec_id
        )
)

select
    f.subject_key,
    f.event_date,
    'low' as severity,
    f.staff,
    f.staff_key,
    f.merchants as supplier,
    array_to_string(f.refs, '; ') as card_ref,
    f.rec_ids as evidence,
    list_filter(
        [case when f.kind = 'duplicate' and f.round_sum then { 'reason': 'also a round sum', 'points': 5 } end],
        lambda x: x is not null
    ) as points,
    f.kind as check_kind,
    f.merchants,
    f.amounts,
    f.txn_dates as dates,
    f.txn_count,
    f.round_sum,
    case
        when f.card_id is not null then 'card ' || f.card_id
        else 'no card number recorded: grouped by cardholder'
    end as card_used,
    case when f.kind = 'duplicate' and f.round_sum then f.finding || ', and a round sum' else f.finding end as finding
from found as f
