-- rule: R018
-- title: Repeated non-competitive awards to one supplier
-- severity: medium
-- needs: contracts
-- definition: At least min_awards contracts awarded to the same supplier (the same supplier text, or names the
--   matcher links automatically as one supplier) within window_days, each by a non-competitive route: a direct
--   award, single tender or single source, waiver or exemption (route matched case-insensitively against
--   noncompetitive_routes). A waiver can be justified once; a supplier that keeps receiving them is being protected
--   from competition (Development Gateway i180, World Bank, CIPS sole-sourcing red flags). Reported once per
--   supplier (the same flag in every period: a new award re-opens a decided one) when an award in the period completes the count; every award in the windows ending in the
--   period is listed. Adaptations from the rule catalogue: routes that call off a framework agreement (including "direct
--   award from framework") are left out by exclude_routes, because the framework itself was competed and such
--   call-offs are ordinary; and a blank or "not specified" route is not counted as non-competitive, since a missing
--   value proves nothing (contracts that record no route cannot be checked).
-- rationale: {supplier} was awarded {contract_count} contracts by non-competitive routes between {first_award_date}
--   and {last_award_date}, at least {min_awards} of them within {window_days} days: {contract_details}; together
--   worth {total_value}, approved by {approvers}.
-- param window_days: 365 | days, counted back from an award in the period, in which non-competitive awards to the supplier are counted (inclusive)
-- param min_awards: 3 | how many non-competitive awards to one supplier within window_days raise a flag
-- param noncompetitive_routes: ["%direct award%", "%single tender%", "%single source%", "%sole source%", "%waiver%", "%exemption%", "%without prior publication%"] | procurement routes that mean no competition (SQL LIKE patterns, % = any text; case ignored)
-- param exclude_routes: ["%framework%"] | routes never counted even when they match: call-offs under a framework agreement, competed when the framework was let (LIKE patterns; case ignored)
-- coverage: contracts awarded in the period | stg_contracts | award_date between $period_from and $period_to | nullif(trim(route), '') is not null | record no procurement route
with noncompetitive as (
    select
        c.ref,
        c.rec_id,
        c.supplier_name,
        c.supplier_name_id,
        c.award_date,
        c.value,
        c.route,
        c.approver,
        c.approver_key,
        coalesce(g.supplier_group, 'text:' || c.supplier_name) as supplier_group
    from stg_contracts as c
    left join xref_supplier_groups as g on c.supplier_name_id = g.name_id and g.source = 'contracts'
    where
        c.award_date <= $period_to
        and exists (
            select 1
            from unnest($noncompetitive_routes::varchar[]) as x (pattern)
            where c.route ilike x.pattern
        )
        and not exists (
            select 1
            from unnest($exclude_routes::varchar[]) as x (pattern)
            where c.route ilike x.pattern
        )
),

window_ends as (
    -- awards in the period that complete min_awards non-competitive awards within window_days
    select
        e.supplier_group,
        e.award_date as window_end
    from noncompetitive as e
    inner join noncompetitive as b
        on
            e.supplier_group = b.supplier_group
            and b.award_date between e.award_date - cast($window_days as integer) and e.award_date
    where e.award_date between $period_from and $period_to
    group by e.supplier_group, e.award_date, e.ref
    having count(*) >= $min_awards
),

members as (
    select distinct b.*
    from window_ends as w
    inner join noncompetitive as b
        on
            w.supplier_group = b.supplier_group
            and b.award_date between w.window_end - cast($window_days as integer) and w.window_end
),

weakest_links as (
    -- when the contracts name the supplier differently, the weakest automatic link that joined them
    select
        a.supplier_group,
        min(l.score) as score,
        arg_min(l.method, (l.score, l.band = 'auto', l.name_a, l.name_b)) as method,
        arg_min(l.explanation, (l.score, l.band = 'auto', l.name_a, l.name_b)) as explanation,
        arg_min([l.name_a, l.name_b], (l.score, l.band = 'auto', l.name_a, l.name_b)) as pair
    from members as a
    inner join members as b on a.supplier_group = b.supplier_group and a.supplier_name_id < b.supplier_name_id
    inner join xref_links as l on a.supplier_name_id = l.name_a and b.supplier_name_id = l.name_b
    group by a.supplier_group
)

select
    lower(arg_max(m.supplier_name, (m.award_date, m.ref))) as subject_key,
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
    count(*) as contract_count,
    min(m.award_date) as first_award_date,
    max(m.award_date) as last_award_date,
    sum(m.value) as total_value,
    string_agg(
        m.ref || ' (' || m.route || ', ' || strftime(m.award_date, '%-d %b %Y')
        || coalesce(', £' || format('{:,.2f}', m.value), '') || ')',
        '; '
        order by m.award_date, m.ref
    ) as contract_details,
    $min_awards as min_awards,
    $window_days as window_days,
    coalesce(string_agg(distinct m.approver, ', ' order by m.approver), 'no approver recorded') as approvers
from members as m
left join weakest_links as w on m.supplier_group = w.supplier_group
group by m.supplier_group
