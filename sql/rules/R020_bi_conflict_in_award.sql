-- rule: R020
-- title: Member of staff with an interest in the supplier had a role on its contract
-- severity: critical
-- needs: interests, contracts
-- definition: A contract awarded in the reporting period to a supplier that matches the organisation of a second
--   job or business interest, where the member of staff who holds the interest also had a role on that contract:
--   named against it in the contract roles register (approver, evaluator, budget holder...) or recorded as its
--   approver in the contracts register. The interest must have been current at the award: started on or before
--   the award date (an interest with no start date is included, and the flag says the start is unknown) and not
--   ended before it (a withdrawn or ceased interest with no end date is left out, as its end cannot be placed).
--   This is a conflict of interest in the award itself (Procurement Act 2023 ss.81-83; ACFE). the rule catalogue also asks
--   whether the conflict was declared for that procurement; xref has no conflict-declarations register yet, so
--   every such case is treated as undeclared and critical. With a declarations register, a declared and mitigated
--   conflict would be lowered to high.
-- rationale: {staff} holds an interest in {organisation} ({interest_role}; {interest_status}; {interest_start})
--   and is recorded on contract {contract_ref} ({contract_title}, {contract_value}) as {contract_roles}; the contract
--   was awarded to {supplier} on {award_date}. No declaration of this conflict is on record (xref has no conflicts register).
-- coverage: contracts awarded in the period | stg_contracts | award_date between $period_from and $period_to | approver_key is not null or upper(replace(ref, ' ', '')) in (select upper(replace(contract_id, ' ', '')) from stg_contract_roles) | name no approver and have no contract roles recorded
with hits as (
    select
        i.*,
        c.rec_id as contract_rec_id,
        c.ref as contract_ref,
        c.supplier_name,
        c.award_date,
        c.title as contract_title,
        c.value as contract_value,
        v.named_as as contract_role,
        v.role_rec_id,
        l.score,
        l.band,
        l.method,
        l.explanation,
        [l.name_a, l.name_b] as pair
    from stg_interests as i
    inner join xref_links as l on i.organisation_name_id = l.name_a
    inner join stg_contracts as c on l.name_b = c.supplier_name_id
    inner join xref_decision_chain as v on c.rec_id = v.contract_rec_id and i.staff_key = v.staff_key
    where
        c.award_date between $period_from and $period_to
        and (i.start_date is null or i.start_date <= c.award_date)
        and (i.end_date is null or i.end_date >= c.award_date)
        and not (i.status = 'withdrawn' and i.end_date is null)
)

select
    any_value(h.contract_ref) || ':' || h.staff_key || ':' || any_value(h.ref) as subject_key,
    any_value(h.award_date) as event_date,
    'critical' as severity,
    any_value(h.staff) as staff,
    h.staff_key,
    any_value(h.supplier_name) as supplier,
    any_value(h.contract_ref) as contract_ref,
    any_value(h.ref) as interest_ref,
    max(h.score) as match_score,
    arg_max(h.band, (h.score, h.band = 'auto', h.pair)) as match_band,
    arg_max(h.method, (h.score, h.band = 'auto', h.pair)) as match_method,
    arg_max(h.explanation, (h.score, h.band = 'auto', h.pair)) as match_explanation,
    arg_max(h.pair, (h.score, h.band = 'auto', h.pair)) as match_pair,
    list_concat(
        [any_value(h.rec_id), any_value(h.contract_rec_id)],
        list(distinct h.role_rec_id order by h.role_rec_id) filter (where h.role_rec_id is not null)
    ) as evidence,
    list_filter(
        [case when any_value(h.status) = 'refused' then { 'reason': 'interest refused', 'points': 10 } end],
        lambda x: x is not null
    ) as points,
    any_value(h.organisation) as organisation,
    coalesce(any_value(h.role), 'role not stated') as interest_role,
    coalesce(any_value(h.status_raw), 'status not stated') as interest_status,
    coalesce(
        'held since ' || strftime(any_value(h.start_date), '%-d %b %Y'),
        'start date not recorded, so it may have begun after the award'
    ) as interest_start,
    any_value(h.start_date) as interest_start_date,
    any_value(h.end_date) as interest_end_date,
    string_agg(distinct h.contract_role, ' and ' order by h.contract_role) as contract_roles,
    any_value(h.award_date) as award_date,
    any_value(h.contract_title) as contract_title,
    any_value(h.contract_value) as contract_value
from hits as h
group by h.contract_rec_id, h.rec_id, h.staff_key
