-- rule: R023
-- title: Contract awarded to a newly incorporated company
-- severity: medium
-- needs: companies, contracts
-- definition: A contract awarded in the reporting period to a company incorporated fewer than max_age_days
--   before the award (DIGIWHIST's INTEGRITY_NEW_COMPANY indicator: a company set up just before winning public
--   work may have been created for it, or may lack the track record the award assumed). The incorporation date
--   comes from a companies file (e.g. a Companies House extract: name, number, incorporation date), linked to
--   the contract's supplier by company number or by name. A company incorporated after the award is not
--   flagged here: that is a data error to check, not a new company winning.
-- rationale: {supplier} was awarded contract {contract_ref} ({contract_title}, {contract_value}) on {award_date},
--   {company_age_days} days after {company_name} ({company_number}) was incorporated on {incorporation_date}.
-- coverage: contracts awarded in the period | stg_contracts | award_date between $period_from and $period_to | supplier_name_id in (select l.name_a from xref_links as l inner join stg_companies as co on l.name_b = co.company_name_id) | have a supplier not found in the companies file
-- param max_age_days: 365 | flag when the company was incorporated fewer than this many days before the award
select
    c.ref || ':' || co.ref as subject_key,
    c.award_date as event_date,
    'medium' as severity,
    c.supplier_name as supplier,
    c.ref as contract_ref,
    l.score as match_score,
    l.band as match_band,
    l.method as match_method,
    l.explanation as match_explanation,
    [l.name_a, l.name_b] as match_pair,
    [c.rec_id, co.rec_id] as evidence,
    co.company_name,
    coalesce(co.company_number, 'no number') as company_number,
    co.incorporation_date,
    c.award_date,
    c.title as contract_title,
    c.value as contract_value,
    date_diff('day', co.incorporation_date, c.award_date) as company_age_days
from stg_contracts as c
inner join xref_links as l on c.supplier_name_id = l.name_a
inner join stg_companies as co on l.name_b = co.company_name_id
where
    c.award_date between $period_from and $period_to
    and date_diff('day', co.incorporation_date, c.award_date) between 0 and $max_age_days - 1
