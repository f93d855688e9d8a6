-- rule: R024
-- title: Benford first-two-digit test of the period's card payments (summary)
-- severity: info
-- needs: cards
-- definition: A summary for the finance report, not an allegation: the leading two digits (10 to 99) of every
--   card payment of at least min_amount_gbp in the reporting period are compared with Benford's law, and the
--   mean absolute deviation (MAD) of the 90 observed proportions from the expected ones is banded by Nigrini's
--   first-two-digit conformity thresholds (mad_bands: close conformity up to 0.0012, acceptable up to 0.0018,
--   marginally acceptable up to 0.0022, nonconformity above; as in the benford.analysis R package). The top
--   over-represented digit pairs point to where to look (e.g. many payments of £49.xx under a £50 limit). Run
--   only when the period has at least min_n such payments, as the test means little on fewer. One info flag per
--   period, naming no person and no supplier. Refunds are not counted. Nigrini's bands assume large samples:
--   even data that follow the law exactly show a MAD of about 0.08 divided by the square root of n by chance
--   (0.0025 at 1,000 payments, beyond the nonconformity limit), so the flag also gives that chance level for
--   the period's n, and a band should be read against it. The statistic is computed on every payment, but the
--   flag's evidence is only a sample of where to look, so that it stays readable and does not grow with the card
--   register: at most evidence_limit of the payments whose leading digits are the listed over-represented pairs,
--   taken from each pair in turn, within a pair the most often repeated exact amounts first (then the larger
--   amount, the earlier date, the record).
-- rationale: {txn_count} card payments of at least {min_amount} in {period}: first-two-digit mean absolute
--   deviation {mad} from Benford's law, {conformity} (payments that follow the law exactly would show about
--   {chance_mad} at this number by chance); most over-represented leading digits: {top_pairs}. Listed as evidence:
--   {evidence_listed} of the {top_pair_txns} payments with those leading digits, the most repeated amounts first.
-- param min_n: 1000 | payments in the period needed before the test is run (inclusive)
-- param min_amount_gbp: 10.0 | pounds from which a payment counts (two significant digits before the pence)
-- param top_pairs: 5 | how many of the most over-represented leading digit pairs to list
-- param evidence_limit: 50 | most payments listed as the flag's evidence (a sample from the top digit pairs; the statistic counts every payment)
-- param mad_bands: [0.0012, 0.0018, 0.0022] | Nigrini's first-two-digit MAD limits for close, acceptable and marginal conformity (above the last: nonconformity)
-- coverage: card payments in the period of at least min_amount_gbp | stg_cards | transaction_date between $period_from and $period_to and amount >= $min_amount_gbp and amount >= 10 | (select count(*) from stg_cards as x where x.transaction_date between $period_from and $period_to and x.amount >= $min_amount_gbp and x.amount >= 10) >= $min_n | are too few for the test (it needs min_n of them)
with amounts as (
    select
        t.rec_id,
        t.transaction_date,
        cast(round(t.amount * 100) as bigint) as pence,
        -- the leading two digits of the amount in pence (at least 4 digits from £10), exact for decimal amounts
        cast(left(cast(cast(round(t.amount * 100) as bigint) as varchar), 2) as integer) as pair
    from stg_cards as t
    where
        t.transaction_date between $period_from and $period_to
        and t.amount >= $min_amount_gbp
        and t.amount >= 10
),

totals as (
    select
        count(*) as n,
        max(transaction_date) as last_date
    from amounts
),

digits as (
    select
        range as pair,
        log10(1 + 1 / range) as expected
    from range(10, 100)
),

observed as (
    select
        d.pair,
        d.expected,
        count(a.pair) / any_value(n.n) as share
    from digits as d
    cross join totals as n
    left join amounts as a on d.pair = a.pair
    group by d.pair, d.expected
),

mad as (
    select
        avg(abs(o.share - o.expected)) as mad,
        -- expected MAD of a sample of n drawn from Benford's law itself: mean of sqrt(2 p (1 - p) / (pi n))
        avg(sqrt(2 * o.expected * (1 - o.expected) / (pi() * n.n))) as chance_mad
    from observed as o
    cross join totals as n
),

ranked as (
    select
        *,
        row_number() over (order by share - expected desc, pair) as rank
    from observed
    where share > expected
),

-- the evidence: a bounded sample of the payments behind the listed digit pairs, never the whole register
behind_top_pairs as (
    select
        a.rec_id,
        a.pence,
        a.transaction_date,
        r.rank,
        count(*) over (partition by a.pence) as repeats
    from amounts as a
    inner join ranked as r on a.pair = r.pair
    where r.rank <= $top_pairs
),

in_pair_order as (
    select
        b.rec_id,
        b.rank,
        row_number() over (
            partition by b.rank order by b.repeats desc, b.pence desc, b.transaction_date, b.rec_id
        ) as nth
    from behind_top_pairs as b
),

sample as (
    select
        o.rec_id,
        o.rank,
        o.nth
    from in_pair_order as o
    -- each pair in turn, so that the limit does not go to the first pair alone
    qualify row_number() over (order by o.nth, o.rank) <= $evidence_limit
),

evidence as (
    select
        coalesce(list(s.rec_id order by s.rank, s.nth), []::varchar[]) as rec_ids,
        count(*) as listed,
        (select count(*) from behind_top_pairs) as behind
    from sample as s
)

select
    'benford:' || $period_key as subject_key,
    n.last_date as event_date,
    'info' as severity,
    e.rec_ids as evidence,
    $period_key as period,
    n.n as txn_count,
    $min_amount_gbp as min_amount,
    round(m.mad, 5) as mad,
    round(m.chance_mad, 5) as chance_mad,
    case
        when m.mad <= ($mad_bands::double[])[1] then 'close conformity'
        when m.mad <= ($mad_bands::double[])[2] then 'acceptable conformity'
        when m.mad <= ($mad_bands::double[])[3] then 'marginally acceptable conformity'
        else 'nonconformity'
    end as conformity,
    coalesce(
        (
            select
                string_agg(
                    format('{} ({:.1f}% of payments, {:.1f}% expected)', r.pair, 100 * r.share, 100 * r.expected),
                    ', ' order by r.rank
                )
            from ranked as r
            where r.rank <= $top_pairs
        ),
        'none'
    ) as top_pairs,
    e.listed as evidence_listed,
    e.behind as top_pair_txns
from totals as n
cross join mad as m
cross join evidence as e
where n.n >= $min_n and n.n > 0
