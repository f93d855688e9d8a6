-- rule: R029
-- title: Member of staff became an officer of a supplier within a year of its contract they helped decide
-- severity: high
-- needs: staff, contracts
-- definition: A member of staff became an officer (or a person with significant control) of a company, by its
--   Companies House record, within window_days after the award of a contract to that company on which they had a
--   role (xref_decision_chain: the contract roles register or the contract's approver), the appointment falling in
--   the reporting period. Like R022's revolving door, but from Companies House rather than what a leaver told HR:
--   the award may have bought the appointment. One band lower when the person is matched by name only (no month
--   of birth on one side). People are matched exactly (xref_company_people); companies by number or name
--   (xref_company_names).
-- rationale: {staff} became {officer_role} of {company_name} ({company_number}) on {appointed_on}, {days_from_award}
--   days after contract {contract_ref} ({contract_title}, {contract_value}) was awarded to {supplier} on
--   {award_date}, on which they were recorded as {contract_roles}; matched to the staff list by {person_match}.
-- coverage_needs: any
-- coverage: officer appointments in the period | stg_officers | appointed_on between $period_from and $period_to | rec_id in (select cp.rec_id from xref_company_people as cp) | name no member of staff (or there is no staff list)
-- coverage: persons with significant control notified in the period | stg_psc | notified_on between $period_from and $period_to | rec_id in (select cp.rec_id from xref_company_people as cp) | name no member of staff (or there is no staff list)
-- param window_days: 365 | days from the award to the appointment (inclusive)
with hits as (
    select
        cp.*,
        c.rec_id as contract_rec_id,
        c.ref as contract_ref,
        c.supplier_name,
        c.award_date,
        c.title as contract_title,
        c.value as contract_value,
        ch.named_as,
        ch.role_rec_id,
        n.score,
        n.band,
        n.method,
        n.explanation,
        n.pair
    from xref_company_people as cp
    inner join xref_company_names as n on cp.rec_id = n.rec_id
    inner join stg_contracts as c on n.name_id = c.supplier_name_id
    inner join xref_decision_chain as ch on c.rec_id = ch.contract_rec_id and cp.staff_key = ch.staff_key
    where
        cp.start_date between $period_from and $period_to
        and c.award_date is not null
        and cp.start_date >= c.award_date
        and date_diff('day', c.award_date, cp.start_date) <= $window_days
)

select
    h.contract_ref || ':' || h.staff_key || ':' || h.rec_id as subject_key,
    any_value(h.start_date) as event_date,
    case when bool_and(h.name_only) then 'medium' else 'high' end as severity,
    any_value(h.staff) as staff,
    h.staff_key,
    any_value(h.supplier_name) as supplier,
    h.contract_ref,
    any_value(h.ref) as officer_ref,
    min(h.score) as match_score,
    case when bool_and(h.band = 'auto') then 'auto' else 'review' end as match_band,
    arg_min(h.method, (h.score, h.band = 'auto', h.pair)) as match_method,
    arg_min(h.explanation, (h.score, h.band = 'auto', h.pair)) as match_explanation,
    arg_min(h.pair, (h.score, h.band = 'auto', h.pair)) as match_pair,
    list_distinct(
        list_concat(
            [h.rec_id, any_value(h.contract_rec_id)],
            list(h.role_rec_id order by h.role_rec_id) filter (h.role_rec_id is not null)
        )
    ) as evidence,
    any_value(h.role) as officer_role,
    coalesce(any_value(h.company_name), any_value(h.supplier_name)) as company_name,
    any_value(h.company_number) as company_number,
    any_value(h.start_date) as appointed_on,
    any_value(h.award_date) as award_date,
    any_value(h.contract_title) as contract_title,
    any_value(h.contract_value) as contract_value,
    date_diff('day', any_value(h.award_date), any_value(h.start_date)) as days_from_award,
    string_agg(distinct h.named_as, ' and ' order by h.named_as) as contract_roles,
    any_value(h.person_match) as person_match
from hits as h
group by h.contract_ref, h.staff_key, h.rec_id
