-- rule: R003
-- title: Gift or hospitality offered while the supplier's tender was open
-- severity: high
-- needs: gifts, contracts
-- definition: A gifts-and-hospitality offer (accepted or declined) from the supplier that won a contract, made
--   while that contract's procurement was open: on or after the tender start (publication) date and on or
--   before the award date. A bidder should not offer hospitality during a live procurement, and staff should
--   decline and report any offer (Northamptonshire and NHS gifts policies; Bribery Act guidance). Only the
--   awarded supplier is checked, because registers do not list the other bidders. Critical when the offer was
--   accepted, high when it was declined. Contracts without a tender start date cannot be checked. Public-body
--   offerors are excluded as in R001. Reported when the award date falls in the reporting period.
-- rationale: {offeror} offered {gift_kind} ({gift_description}; {gift_status}; value {gift_value}) to {staff}
--   on {offer_date}, while the tender for contract {contract_ref} ({contract_title}) was open: it started on
--   {tender_start} and {supplier} was awarded the contract on {award_date}.
-- param include_declined: true | count declined offers too (the bidder still tried)
-- coverage: contracts awarded in the period | stg_contracts | award_date between $period_from and $period_to | tender_start_date is not null | have no tender start date
select
    c.ref || ':' || g.ref as subject_key,
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
    [g.rec_id, c.rec_id] as evidence,
    g.offeror,
    g.offer_date,
    g.kind as gift_kind,
    g.description as gift_description,
    g.status_raw as gift_status,
    g.value as gift_value,
    c.tender_start_date as tender_start,
    c.tender_end_date as tender_end,
    c.award_date,
    c.title as contract_title,
    c.value as contract_value
from xref_supplier_offers([]) as g
inner join xref_links as l on g.offeror_name_id = l.name_a
inner join stg_contracts as c on l.name_b = c.supplier_name_id
where
    c.tender_start_date is not null
    and g.offer_date between c.tender_start_date and c.award_date
    and c.award_date between $period_from and $period_to
    and ($include_declined or g.status <> 'declined')
