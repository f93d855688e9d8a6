-- rule: R016
-- title: Contract value just below a procurement threshold
-- severity: medium
-- needs: contracts
-- definition: A contract awarded in the reporting period whose value lies within band_pct per cent below one of
--   the force's procurement thresholds ([policy] thresholds: quotations, competition, publication, Procurement Act
--   2023 and Police and Crime Commissioner scrutiny), so that it just escapes the control that threshold brings.
--   This is the World Bank's "awards just below threshold" red flag and a classic sign of a value set, or a
--   requirement trimmed, to avoid tendering or scrutiny. Values are compared excluding VAT: thresholds set in law
--   including VAT are divided by the [policy] vat_factor first, as the rule catalogue says. A value given as a range counts
--   only when the top of the range is below the threshold too. One flag per contract and threshold; a value below
--   the threshold is often honest (a budget set at the limit), so this is a prompt to look at the award, not a
--   finding. Contracts without a value cannot be checked.
-- rationale: Contract {contract_ref} ({contract_title}; {contract_route}) was awarded to {supplier} on {award_date}
--   for {contract_value}: {value_below_threshold} ({pct_below}%) below the threshold of {threshold_value} excluding
--   VAT ({threshold_label}).
-- param band_pct: 5.0 | per cent of a threshold below it within which a value counts as just below (a value equal to the threshold is not below it)
-- coverage: contracts awarded in the period | stg_contracts | award_date between $period_from and $period_to | value is not null | have no value
with thresholds as (
    select
        unnest($thresholds_gbp::double[]) as threshold_gbp,
        unnest($threshold_labels::varchar[]) as threshold_label
)

select
    c.ref || ':' || cast(round(t.threshold_gbp) as bigint) as subject_key,
    c.award_date as event_date,
    'medium' as severity,
    c.approver as staff,
    c.approver_key as staff_key,
    c.supplier_name as supplier,
    c.ref as contract_ref,
    [c.rec_id] as evidence,
    list_filter(
        [
            case
                when t.threshold_gbp - c.value <= t.threshold_gbp / 100.0
                    then { 'reason': 'within 1% of the threshold', 'points': 5 }
            end
        ],
        lambda x: x is not null
    ) as points,
    c.award_date,
    c.title as contract_title,
    coalesce(c.route, 'route not recorded') as contract_route,
    c.value as contract_value,
    round(t.threshold_gbp, 2) as threshold_value,
    t.threshold_label,
    round(t.threshold_gbp - c.value, 2) as value_below_threshold,
    round(100 * (t.threshold_gbp - c.value) / t.threshold_gbp, 2) as pct_below
from stg_contracts as c
inner join thresholds as t
    on
        c.value < t.threshold_gbp
        and coalesce(c.value_high, c.value) < t.threshold_gbp
        and c.value >= t.threshold_gbp * (100 - $band_pct) / 100.0
where c.award_date between $period_from and $period_to
