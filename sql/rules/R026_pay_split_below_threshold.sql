-- rule: R026
-- title: Payments to one supplier split below a procurement threshold
-- severity: low
-- needs: payments, contracts
-- definition: Two or more payments (the payments register, e.g. "spend over £500") to the same supplier, each no
--   more than window_days after another, each below one of the force's thresholds ([policy] thresholds up to
--   max_threshold_gbp) but together at least that threshold, when no contract with the supplier was live on the
--   day of the payment. This is R011's split-purchase test applied to invoices, in the form the rule catalogue gives for the
--   quotations threshold: buying one requirement as several invoices keeps each under the limit that needs
--   quotations or a tender. Payments under a live contract are left out: invoicing against a contract is how it is
--   meant to be paid, so the rule needs the contracts register: without it every regular supplier would be
--   flagged (2,509 flags on one council's quarter of spend-over-£500 files). Same supplier means the same
--   text or names the matcher links automatically. Overlapping windows are merged and one flag is raised per run
--   of payments, for the highest threshold it crosses; it is reported when the last payment is in the period.
--   Amounts are compared as published (most spend files are ex-VAT, like the thresholds). Low severity (finance
--   review): invoices are often split for good reasons (staged delivery, monthly billing), and a split is an
--   internal-control finding until someone shows it was deliberate. Recurring bills (a payee paid in most months
--   of the data: energy, agency staff, care packages) and the reviewers' own exclude_descriptions and
--   exclude_suppliers are left out (sql/views/payments_left_out.sql); the coverage line counts them.
-- rationale: {supplier} was paid {payment_count} times between {first_payment_date} and {last_payment_date}
--   ({payment_refs}), each payment below the {threshold_value} threshold ({threshold_label}) and each within
--   {window_days} days of another, together {total_amount} (largest {largest_amount}), with no contract with the
--   supplier live at the time.
-- param window_days: 7 | days from one payment within which further payments to the same supplier count together (inclusive)
-- param max_threshold_gbp: 25000.0 | [policy] thresholds above this many pounds are not checked (larger buys go through contracts, R017)
-- param recurring_min_months: 3 | a payee paid in at least this many calendar months of the data (and see recurring_min_share) is a recurring bill, left out (0: keep them)
-- param recurring_min_share: 0.5 | ...in at least this share of the months from its first payment to its last
-- param exclude_descriptions: [] | payments whose description (expense type or category) matches one of these are left out, e.g. ["*electricity*", "*agency*", "*grant*"] (* matches any text; case ignored)
-- param exclude_suppliers: [] | payments to a payee whose name matches one of these are left out (* matches any text; case ignored)
-- coverage: payments in the period | stg_payments | payment_date between $period_from and $period_to | amount is not null and supplier_name is not null | have no amount or supplier
-- coverage: payments in the period | stg_payments | payment_date between $period_from and $period_to | rec_id not in (select x.rec_id from xref_payments_left_out($recurring_min_months, $recurring_min_share, $exclude_descriptions, $exclude_suppliers) as x) | are left out as recurring bills or by [rules.R026] exclude_descriptions / exclude_suppliers (sql/views/payments_left_out.sql)
with thresholds as (
    select
        unnest($thresholds_gbp::double[]) as threshold_gbp,
        unnest($threshold_labels::varchar[]) as threshold_label
),

limits as (
    select *
    from thresholds
    where threshold_gbp <= $max_threshold_gbp
),

under_contract as (
    -- payments made while a contract with the same supplier (any automatic or possible name link) was live
    select distinct p.rec_id
    from stg_payments as p
    inner join xref_links as l on p.supplier_name_id = l.name_a
    inner join stg_contracts as c on l.name_b = c.supplier_name_id
    where
        coalesce(c.start_date, c.award_date) <= p.payment_date
        and (c.end_date is null or p.payment_date <= c.end_date)
),

payments as (
    -- the payments that can take part in a split, each with its supplier (before the thresholds multiply them)
    select
        p.*,
        coalesce(g.supplier_group, 'text:' || lower(p.supplier_name)) as supplier_group
    from stg_payments as p
    left join xref_supplier_groups as g on p.supplier_name_id = g.name_id and g.source = 'payments'
    where
        p.amount > 0
        and p.payment_date <= $period_to
        and p.rec_id not in (select u.rec_id from under_contract as u)
        and p.rec_id not in (
            select x.rec_id
            from xref_payments_left_out(
                $recurring_min_months, $recurring_min_share, $exclude_descriptions, $exclude_suppliers
            ) as x
        )
),

candidates as (
    -- a reported run ends on a payment in the period, and a payment under one threshold is under every higher one,
    -- so only a supplier paid in the period can have a run to report or a higher run that overlaps it; its whole
    -- history is kept, since a run may begin before the period
    select
        p.ref,
        p.rec_id,
        p.supplier_name,
        p.supplier_name_id,
        p.payment_date as award_date,
        p.amount as value,
        t.threshold_gbp,
        t.threshold_label,
        p.supplier_group
    from payments as p
    inner join limits as t on p.amount < t.threshold_gbp and coalesce(p.amount_high, p.amount) < t.threshold_gbp
    where p.supplier_group in (
        select q.supplier_group from payments as q
        where q.payment_date between $period_from and $period_to
    )
),

islands as (
    -- runs of candidates within window_days of each other that together reach the threshold
    -- (sql/views/split_islands.sql, shared with R017)
    select * from xref_split_islands('candidates', $window_days)
),

members as (
    select * from xref_split_members('candidates', $window_days, $period_from, $period_to)
),

weakest_links as (
    -- when the records name the supplier differently, the weakest automatic link that joined them
    select * from xref_split_weakest_links('members')
)

select
    lower(arg_min(m.supplier_name, (m.award_date, m.ref))) || ':' || cast(round(m.threshold_gbp) as bigint) || ':'
    || cast(m.island_start as varchar) as subject_key,
    max(m.award_date) as event_date,
    'low' as severity,
    string_agg(distinct m.supplier_name, '; ' order by m.supplier_name) as supplier,
    string_agg(m.ref, '; ' order by m.award_date, m.ref) as payment_ref,
    any_value(w.score) as match_score,
    case when any_value(w.score) is not null then 'auto' end as match_band,
    any_value(w.method) as match_method,
    any_value(w.explanation) as match_explanation,
    any_value(w.pair) as match_pair,
    list(m.rec_id order by m.award_date, m.ref) as evidence,
    string_agg(m.ref, ', ' order by m.award_date, m.ref) as payment_refs,
    count(*) as payment_count,
    min(m.award_date) as first_payment_date,
    max(m.award_date) as last_payment_date,
    round(sum(m.value), 2) as total_amount,
    max(m.value) as largest_amount,
    round(m.threshold_gbp, 2) as threshold_value,
    any_value(m.threshold_label) as threshold_label,
    $window_days as window_days
from members as m
left join weakest_links as w
    on m.supplier_group = w.supplier_group and m.threshold_gbp = w.threshold_gbp and m.island_start = w.island_start
where
    -- one flag per run of payments: a run that overlaps a run crossing a higher threshold is reported there
    not exists (
        select 1
        from islands as h
        where
            h.supplier_group = m.supplier_group
            and h.threshold_gbp > m.threshold_gbp
            and h.island_start <= m.island_end
            and m.island_start <= h.island_end
    )
group by m.supplier_group, m.threshold_gbp, m.island_start
