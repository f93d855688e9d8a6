-- rule: R004
-- title: Gift or hospitality from a supplier to its decision-maker soon after the award
-- severity: medium
-- needs: gifts, contracts
-- definition: A gifts-and-hospitality offer (accepted or declined) from the supplier awarded a contract, made 1 to
--   after_days days after the award date, to someone who held a decision role on that contract (approver,
--   evaluator, specifier or requisitioner, budget holder, buyer or contract manager). A reward after a decision is
--   an illegal gratuity in the ACFE taxonomy, and the NAO asks that hospitality from suppliers be proportionate.
--   Roles come from the contract roles register and, so that forces without one are still checked, from the
--   contracts register's approver column (as R002). Medium; high when the offer was accepted and worth at least
--   high_value_gbp. The rule card's extension to the whole contract term for contract managers is not included.
--   People are matched exactly; public-body offerors are excluded. Reported when the offer date falls in the
--   reporting period; contracts with no approver and no roles cannot be checked.
-- rationale: {offeror} offered {gift_kind} ({gift_description}; {gift_status}; value {gift_value}) to {staff}
--   on {offer_date}, {days_after_award} days after contract {contract_ref} ({contract_title}, {contract_value})
--   was awarded to {supplier} on {award_date}; {staff} was {decision_roles} on that contract.
-- param after_days: 180 | days after the award date in which an offer counts (1 to this many, inclusive)
-- param high_value_gbp: 100.0 | an accepted offer worth at least this (£) is high severity
-- param roles: ["approv*", "evaluat*", "specifier", "requisitioner", "budget holder", "buyer", "contract manager", "contract owner"] | decision roles that count, as patterns on the roles register's role text (* matches any text; case ignored; _ and - read as spaces)
-- coverage: contracts awarded in the period or up to after_days before it | stg_contracts | award_date between $period_from::date - cast($after_days as integer) and $period_to | approver_key is not null or upper(replace(ref, ' ', '')) in (select upper(replace(contract_id, ' ', '')) from stg_contract_roles) | have no approver and no entry in the contract roles register
with decision_roles as (
    -- the roles that count, per contract and member of staff (sql/views/decision_chain.sql), for the awards an
    -- offer in the period can follow within after_days
    select * from xref_decision_roles($roles, $period_from::date - cast($after_days as integer), $period_to)
)

select
    c.ref || ':' || g.ref || ':' || g.recipient_key as subject_key,
    g.offer_date as event_date,
    case when g.status = 'accepted' and g.value >= $high_value_gbp then 'high' else 'medium' end as severity,
    g.recipient as staff,
    g.recipient_key as staff_key,
    c.supplier_name as supplier,
    c.ref as contract_ref,
    g.ref as gift_ref,
    l.score as match_score,
    l.band as match_band,
    l.method as match_method,
    l.explanation as match_explanation,
    [l.name_a, l.name_b] as match_pair,
    list_concat([g.rec_id, c.rec_id], coalesce(dr.role_rec_ids, [])) as evidence,
    list_filter(
        [case when g.status = 'accepted' then { 'reason': 'offer accepted', 'points': 10 } end],
        lambda x: x is not null
    ) as points,
    g.offeror,
    g.offer_date,
    g.kind as gift_kind,
    g.description as gift_description,
    coalesce(g.status_raw, 'status not recorded') as gift_status,
    g.value as gift_value,
    dr.roles as decision_roles,
    c.award_date,
    c.title as contract_title,
    c.value as contract_value,
    date_diff('day', c.award_date, g.offer_date) as days_after_award
from xref_supplier_offers([]) as g
inner join xref_links as l on g.offeror_name_id = l.name_a
inner join stg_contracts as c on l.name_b = c.supplier_name_id
inner join decision_roles as dr on c.rec_id = dr.contract_rec_id and g.recipient_key = dr.staff_key
where
    g.offer_date between c.award_date + 1 and c.award_date + cast($after_days as integer)
    and g.offer_date between $period_from and $period_to
