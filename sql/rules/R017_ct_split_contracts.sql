-- rule: R017
-- title: Contracts to one supplier that together cross a threshold each stays below
-- severity: medium
-- needs: contracts
-- definition: Two or more contracts awarded to the same supplier (the same supplier text, or names the matcher
--   links automatically as one supplier) with award dates no more than window_days apart, each valued below one of
--   the force's procurement thresholds ([policy] thresholds, ex-VAT as in R016) but together worth at least that
--   threshold. Splitting one requirement into smaller contracts keeps each under the quotation, tender,
--   publication or scrutiny limit (Development Gateway i016, World Bank "unusual split of contract"). Windows that
--   overlap are merged, so a run of awards gives one flag per supplier and threshold, listing every contract in it.
--   Possible (review-band) name matches are not used to group suppliers: a split is only claimed for one supplier.
--   the rule catalogue also groups by department; registers rarely record it, so this does not, and the contracts listed
--   show it where they do. Only awards up to the end of the period count, and the flag is reported when its latest
--   award falls in the period. Contracts without a value cannot be checked.
-- rationale: {supplier} was awarded {contract_count} contracts between {first_award_date} and {last_award_date}
--   ({contract_refs}), each below the {threshold_value} threshold excluding VAT ({threshold_label}) and each within
--   {window_days} days of another, together worth {total_value} (largest {largest_value}); approved by
--   {approvers}.
-- param window_days: 90 | days from one award within which further awards to the same supplier count together (inclusive)
-- coverage: contracts awarded in the period | stg_contracts | award_date between $period_from and $period_to | value is not null | have no value
with thresholds as (
    select
        unnest($thresholds_gbp::double[]) as threshold_gbp,
        unnest($threshold_labels::varchar[]) as threshold_label
),

candidates as (
    select
        c.ref,
        c.rec_id,
        c.supplier_name,
        c.supplier_name_id,
        c.award_date,
        c.value,
        c.approver,
        c.approver_key,
        t.threshold_gbp,
        t.threshold_label,
        coalesce(g.supplier_group, 'text:' || c.supplier_name) as supplier_group
    from stg_contracts as c
    inner join thresholds as t on c.value < t.threshold_gbp and coalesce(c.value_high, c.value) < t.threshold_gbp
    left join xref_supplier_groups as g on c.supplier_name_id = g.name_id and g.source = 'contracts'
    where c.value > 0 and c.award_date <= $period_to
),

members as (
    -- runs of candidates within window_days of each other that together reach the threshold
    -- (sql/views/split_islands.sql, shared with R026)
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
    'medium' as severity,
    string_agg(distinct m.approver, '; ' order by m.approver) as staff,
    case when count(distinct m.approver_key) = 1 then any_value(m.approver_key) end as staff_key,
    string_agg(distinct m.supplier_name, '; ' order by m.supplier_name) as supplier,
    string_agg(m.ref, '; ' order by m.award_date, m.ref) as contract_ref,
    any_value(w.score) as match_score,
    case when any_value(w.score) is not null then 'auto' end as match_band,
    any_value(w.method) as match_method,
    any_value(w.explanation) as match_explanation,
    any_value(w.pair) as match_pair,
    list(m.rec_id order by m.award_date, m.ref) as evidence,
    string_agg(m.ref, ', ' order by m.award_date, m.ref) as contract_refs,
    count(*) as contract_count,
    min(m.award_date) as first_award_date,
    max(m.award_date) as last_award_date,
    round(sum(m.value), 2) as total_value,
    max(m.value) as largest_value,
    round(m.threshold_gbp, 2) as threshold_value,
    any_value(m.threshold_label) as threshold_label,
    $window_days as window_days,
    coalesce(string_agg(distinct m.approver, ', ' order by m.approver), 'no approver recorded') as approvers
from members as m
left join weakest_links as w
    on m.supplier_group = w.supplier_group and m.threshold_gbp = w.threshold_gbp and m.island_start = w.island_start
group by m.supplier_group, m.threshold_gbp, m.island_start
