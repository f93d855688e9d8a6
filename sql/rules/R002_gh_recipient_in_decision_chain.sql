-- rule: R002
-- title: Gift or hospitality from a supplier to someone in the decision chain of its contract
-- severity: critical
-- needs: gifts, contracts
-- definition: A gifts-and-hospitality offer from the supplier later awarded a contract, made on or before the
--   award date and no more than lookback_days before it (as R001), where the recipient held a decision role on
--   that contract: approver, evaluator, specifier or requisitioner, budget holder, buyer or contract manager. PA23
--   s.81 and HMIC 2012 ask forces to identify staff "at risk of being influenced by contractors or suppliers"; a
--   supplier hospitable to the person who decides its award is the clearest case. Roles come from the contract
--   roles register (matched to the contract by its reference) and, as an adaptation so that forces without a roles
--   file are still checked, from the contracts register's own approver column, treated as an approver role.
--   Critical when the offer was accepted; high when it was declined or its status is not recorded (declining was
--   right, but the supplier targeted a decision-maker). People are matched exactly, never by similar names.
--   Public-body offerors are excluded. Offers after the award are R004's. Reported when the award date falls in
--   the reporting period; contracts with no approver and no roles cannot be checked.
-- rationale: {offeror} offered {gift_kind} ({gift_description}; {gift_status}; value {gift_value}) to {staff}
--   on {offer_date}; {staff} was {decision_roles} on contract {contract_ref} ({contract_title},
--   {contract_value}), awarded to {supplier} {days_before_award} days later on {award_date}.
-- param lookback_days: 365 | days before the award date in which an offer counts (inclusive)
-- param roles: ["approv*", "evaluat*", "specifier", "requisitioner", "budget holder", "buyer", "contract manager", "contract owner"] | decision roles that count, as patterns on the roles register's role text (* matches any text; case ignored; _ and - read as spaces)
-- coverage: contracts awarded in the period | stg_contracts | award_date between $period_from and $period_to | approver_key is not null or upper(replace(ref, ' ', '')) in (select upper(replace(contract_id, ' ', '')) from stg_contract_roles) | have no approver and no entry in the contract roles register
with decision_roles as (
    -- the roles that count, per contract awarded in the period and member of staff (sql/views/decision_chain.sql)
    select * from xref_decision_roles($roles, $period_from, $period_to)
)

select
    c.ref || ':' || g.ref || ':' || g.recipient_key as subject_key,
    c.award_date as event_date,
    case when g.status = 'accepted' then 'critical' else 'high' end as severity,
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
        [
            case when dr.is_approver then { 'reason': 'recipient approved the award', 'points': 20 } end,
            case when g.value >= 100 then { 'reason': 'offer valued at £100 or more', 'points': 5 } end
        ],
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
    date_diff('day', g.offer_date, c.award_date) as days_before_award
from xref_supplier_offers([]) as g
inner join xref_links as l on g.offeror_name_id = l.name_a
inner join stg_contracts as c on l.name_b = c.supplier_name_id
inner join decision_roles as dr on c.rec_id = dr.contract_rec_id and g.recipient_key = dr.staff_key
where
    g.offer_date between c.award_date - cast($lookback_days as integer) and c.award_date
    and c.award_date between $period_from and $period_to
