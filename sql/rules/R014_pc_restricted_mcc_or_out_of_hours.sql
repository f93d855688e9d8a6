-- rule: R014
-- title: Card payment in a restricted or hospitality merchant category, or at a weekend or on a bank holiday
-- severity: low
-- needs: cards
-- definition: A procurement-card payment that meets any of three tests (ACL top-ten card tests; Arbutus
--   restricted-MCC list). Restricted merchant category (restricted_mccs: bars, off-licences, tobacconists, cash
--   withdrawals, quasi-cash, money transfer, betting), any amount: medium, as a government card should never be
--   used there. Hospitality category (hospitality_mccs: restaurants, fast food, ticket agencies, sports clubs)
--   at or above hospitality_min_gbp: low. Made on a Saturday, Sunday or England and Wales bank holiday (vendored
--   gov.uk calendar) at or above out_of_hours_min_gbp: low. Adapted from the rule catalogue: hotels (7011) are not a
--   hospitality category by default, because duty travel needs them; and spend in out_of_hours_exempt_mccs
--   (fuel, parking, tolls, taxis, public transport) is not out of hours, because a 24-hour police service buys
--   those every day of the week. One flag per payment, listing every test it met. Refunds are not flagged.
--   Payments without a merchant category code can only meet the weekend and bank-holiday test.
-- rationale: {staff} paid {amount} to {merchant} on {transaction_day} {transaction_date} (merchant category
--   {mcc_label}; described as {description}): {reasons}.
-- param restricted_mccs: ["5813", "5921", "5993", "6010", "6011", "6051", "4829", "7995"] | merchant category codes (4-digit text) never allowed on the card: flagged at any amount, medium
-- param hospitality_mccs: ["5812", "5814", "7922", "7941"] | merchant category codes of hospitality and entertainment: flagged from hospitality_min_gbp, low
-- param hospitality_min_gbp: 100.0 | pounds from which a hospitality-category payment is flagged (inclusive)
-- param out_of_hours_min_gbp: 50.0 | pounds from which a weekend or bank-holiday payment is flagged (inclusive)
-- param out_of_hours_exempt_mccs: ["5541", "5542", "5983", "7523", "4784", "4121", "4111", "4112", "4131"] | categories ordinary on any day for a 24-hour service (fuel, parking, tolls, taxis, public transport): never flagged as out of hours
-- param mcc_titles: ["5813 bars and pubs", "5921 off-licence", "5993 tobacconist", "6010 cash withdrawal at a counter", "6011 cash machine", "6051 quasi-cash (foreign currency, money orders)", "4829 money transfer", "7995 betting", "5812 restaurant", "5814 fast food", "7922 theatre and ticket agency", "7941 sports club or venue", "7011 hotel"] | names shown for merchant category codes: each entry is the 4-digit code, a space, then the name
-- coverage: card payments in the period | stg_cards | transaction_date between $period_from and $period_to and amount > 0 | mcc is not null | have no merchant category code, so only the weekend and bank-holiday test could apply
-- coverage: card payments in the period (bank-holiday calendar) | stg_cards | transaction_date between $period_from and $period_to and amount > 0 | year(transaction_date) between year(list_min($bank_holidays::date [])) and year(list_max($bank_holidays::date [])) | fall outside the years of the bank-holiday calendar (weekends are still checked)
-- coverage: card payments in the period (weekend check) | stg_cards | transaction_date between $period_from and $period_to and amount > 0 | true | (none: every payment is checked)
-- coverage_needs: any
with checked as (
    select
        t.*,
        coalesce(list_contains($restricted_mccs::varchar[], t.mcc), false) as restricted,
        coalesce(list_contains($hospitality_mccs::varchar[], t.mcc), false)
        and t.amount >= $hospitality_min_gbp as hospitality,
        isodow(t.transaction_date) >= 6 as weekend,
        list_contains($bank_holidays::date[], t.transaction_date) as bank_holiday,
        t.amount >= $out_of_hours_min_gbp
        and not coalesce(list_contains($out_of_hours_exempt_mccs::varchar[], t.mcc), false) as out_of_hours_in_scope,
        list_filter($mcc_titles::varchar[], lambda x: split_part(x, ' ', 1) = t.mcc)[1] as mcc_title
    from stg_cards as t
    where
        t.transaction_date between $period_from and $period_to
        and t.amount > 0
),

flagged as (
    select
        *,
        out_of_hours_in_scope and (weekend or bank_holiday) as out_of_hours
    from checked
)

select
    f.ref as subject_key,
    f.transaction_date as event_date,
    case when f.restricted then 'medium' else 'low' end as severity,
    f.cardholder as staff,
    f.cardholder_key as staff_key,
    f.merchant_name as supplier,
    f.ref as card_ref,
    [f.rec_id] as evidence,
    list_filter(
        [
            case
                when (f.restricted or f.hospitality) and f.out_of_hours
                    then { 'reason': 'also out of hours', 'points': 5 }
            end
        ],
        lambda x: x is not null
    ) as points,
    f.merchant_name as merchant,
    f.amount,
    f.transaction_date,
    f.mcc,
    coalesce(f.mcc_title, f.mcc, 'not recorded') as mcc_label,
    f.description,
    dayname(f.transaction_date) as transaction_day,
    f.restricted as restricted_category,
    f.hospitality as hospitality_category,
    f.weekend,
    f.bank_holiday,
    concat_ws(
        '; ',
        case when f.restricted then 'a restricted merchant category, not allowed on the card at any amount' end,
        case when f.hospitality then 'a hospitality merchant category, at or above the hospitality amount' end,
        case
            when f.out_of_hours and f.bank_holiday then 'on a bank holiday, at or above the out-of-hours amount'
            when f.out_of_hours then 'at a weekend, at or above the out-of-hours amount'
        end
    ) as reasons
from flagged as f
where f.restricted or f.hospitality or f.out_of_hours
