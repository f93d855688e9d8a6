-- rule: R022
-- title: Member of staff left to work for a supplier whose contract they had a role on
-- severity: high
-- needs: leavers, contracts
-- definition: A member of staff who had a role on a contract (named in the contract roles register, or recorded
--   as the contract's approver) left the force within window_days before or after the contract's award, and the
--   new employer or business appointment recorded for them on leaving matches that contract's supplier (the
--   "revolving door": HMIC 2011 found a negotiator hired "as contract manager for the company's relationship
--   with the force"; CIPS lists talking about new job prospects with a supplier as a red flag). Needs a leavers
--   list with the new employer, e.g. the business appointments notified under the force's post-employment
--   rules (the rule catalogue also suggests Companies House officer data: R029 reads it, for staff who became an
--   officer of the supplier). Reported when the leaving date falls in the reporting period.
-- rationale: {staff} left the force on {leaving_date} to join {new_employer}; {days_from_award} days from the
--   award of contract {contract_ref} ({contract_title}, {contract_value}) to {supplier} on {award_date}, on
--   which they were recorded as {contract_roles}.
-- coverage: leavers in the period | stg_leavers | leaving_date between $period_from and $period_to | new_employer is not null | have no new employer recorded
-- param window_days: 365 | days between the award and the leaving date, either way (inclusive)
with hits as (
    select
        lv.rec_id as leaver_rec_id,
        lv.staff,
        lv.staff_key,
        lv.leaving_date,
        lv.new_employer,
        c.rec_id as contract_rec_id,
        c.ref as contract_ref,
        c.supplier_name,
        c.award_date,
        c.title as contract_title,
        c.value as contract_value,
        v.named_as as role,
        v.role_rec_id,
        l.score,
        l.band,
        l.method,
        l.explanation,
        [l.name_a, l.name_b] as pair
    from stg_leavers as lv
    inner join xref_decision_chain as v on lv.staff_key = v.staff_key
    inner join stg_contracts as c on v.contract_rec_id = c.rec_id
    inner join xref_links as l on lv.new_employer_name_id = l.name_a and c.supplier_name_id = l.name_b
    where
        lv.leaving_date between $period_from and $period_to
        and c.award_date is not null
        and abs(date_diff('day', c.award_date, lv.leaving_date)) <= $window_days
)

select
    h.contract_ref || ':' || h.staff_key || ':' || h.leaver_rec_id as subject_key,
    any_value(h.leaving_date) as event_date,
    'high' as severity,
    any_value(h.staff) as staff,
    h.staff_key,
    any_value(h.supplier_name) as supplier,
    h.contract_ref,
    min(h.score) as match_score,
    arg_min(h.band, (h.score, h.band = 'auto', h.pair)) as match_band,
    arg_min(h.method, (h.score, h.band = 'auto', h.pair)) as match_method,
    arg_min(h.explanation, (h.score, h.band = 'auto', h.pair)) as match_explanation,
    arg_min(h.pair, (h.score, h.band = 'auto', h.pair)) as match_pair,
    list_distinct(
        list_concat(
            [any_value(h.leaver_rec_id), any_value(h.contract_rec_id)],
            list(h.role_rec_id order by h.role_rec_id) filter (h.role_rec_id is not null)
        )
    ) as evidence,
    any_value(h.new_employer) as new_employer,
    any_value(h.leaving_date) as leaving_date,
    any_value(h.award_date) as award_date,
    any_value(h.contract_title) as contract_title,
    any_value(h.contract_value) as contract_value,
    date_diff('day', any_value(h.award_date), any_value(h.leaving_date)) as days_from_award,
    string_agg(distinct h.role, ' and ' order by h.role) as contract_roles
from hits as h
group by h.contract_ref, h.staff_key, h.leaver_rec_id
