-- rule: R001
-- title: Gift or hospitality from a supplier before it won a contract
-- severity: high
-- needs: gifts, contracts
-- definition: A gifts-and-hospitality offer (accepted or declined) whose offeror is the supplier later awarded
--   a contract, made on or before the award date and no more than lookback_days before it. HMIC found the best
--   forces cross-reference these registers to catch "a company provides hospitality, and then is awarded a
--   contract". Accepted offers are high severity; declined offers medium (declining was right, but the supplier
--   was courting staff). Offers from public bodies (other forces and PCCs, councils, the NHS, government
--   departments: [policy] public_body_offerors, by default the list in xref/data/public_bodies.csv) are left out,
--   and the report lists those it left out.
--   Reported when the award date falls in the reporting period.
-- rationale: {offeror} offered {gift_kind} ({gift_description}; {gift_status}; value {gift_value}) to {staff}
--   on {offer_date}; {days_before_award} days later {supplier} was awarded contract {contract_ref}
--   ({contract_title}, {contract_value}) on {award_date}.
-- param lookback_days: 365 | days before the award date in which an offer counts (inclusive)
-- param include_declined: true | count declined offers too (the supplier still tried)
-- coverage: contracts awarded in the period or undated | stg_contracts | award_date is null or award_date between $period_from and $period_to | award_date is not null | have no award date
-- coverage: gifts and hospitality offers | stg_gifts | true | offer_date is not null and recipient_key is not null | have no offer date or recipient
select
    c.ref || ':' || g.ref as subject_key,
    c.award_date as event_date,
    case when g.status = 'declined' then 'medium' else 'high' end as severity,
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
    [g.rec_id, c.rec_id] as evidence,
    g.offeror,
    g.offer_date,
    g.kind as gift_kind,
    g.description as gift_description,
    g.status_raw as gift_status,
    g.value as gift_value,
    c.award_date,
    c.title as contract_title,
    c.value as contract_value,
    c.route as contract_route,
    date_diff('day', g.offer_date, c.award_date) as days_before_award
from xref_supplier_offers([]) as g
inner join xref_links as l on g.offeror_name_id = l.name_a
inner join stg_contracts as c on l.name_b = c.supplier_name_id
where
    g.offer_date between c.award_date - cast($lookback_days as integer) and c.award_date
    and c.award_date between $period_from and $period_to
    and ($include_declined or g.status <> 'declined')
