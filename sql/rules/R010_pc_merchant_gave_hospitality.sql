-- rule: R010
-- title: Card spend with a merchant that offered the cardholder gifts or hospitality
-- severity: high
-- needs: cards, gifts
-- definition: A procurement-card transaction whose cardholder is the person who was offered a gift or
--   hospitality by the same company (the merchant matches the offeror), within window_days either side of the
--   offer. All such transactions in the reporting period are grouped into one flag per offer and cardholder.
--   High when the offer was accepted and spend followed it; medium when the offer was declined or all the spend
--   came before it. People are matched exactly (after removing ranks and titles), never by similar names.
-- rationale: {staff} spent {total_spend} in {txn_count} card transaction(s) with {merchants} between
--   {first_txn_date} and {last_txn_date}; {offeror} had offered them {gift_kind} ({gift_description};
--   {gift_status}) on {offer_date}.
-- param window_days: 365 | days either side of the offer in which card spend counts (inclusive)
-- param min_spend_gbp: 0.0 | ignore transactions below this amount (refunds are never counted)
-- coverage: card transactions in the period | stg_cards | transaction_date between $period_from and $period_to | cardholder_key is not null | have no cardholder name
select
    g.ref || ':' || t.cardholder_key as subject_key,
    max(t.transaction_date) as event_date,
    case
        when any_value(g.status) = 'accepted' and max(t.transaction_date) >= any_value(g.offer_date) then 'high'
        else 'medium'
    end as severity,
    any_value(t.cardholder) as staff,
    t.cardholder_key as staff_key,
    any_value(g.offeror) as supplier,
    g.ref as gift_ref,
    string_agg(t.ref, '; ' order by t.transaction_date, t.ref) as card_ref,
    min(l.score) as match_score,
    case when bool_and(l.band = 'auto') then 'auto' else 'review' end as match_band,
    arg_min(l.method, (l.score, l.band = 'auto', l.name_a, l.name_b)) as match_method,
    arg_min(l.explanation, (l.score, l.band = 'auto', l.name_a, l.name_b)) as match_explanation,
    arg_min([l.name_a, l.name_b], (l.score, l.band = 'auto', l.name_a, l.name_b)) as match_pair,
    list_prepend(any_value(g.rec_id), list(t.rec_id order by t.transaction_date, t.rec_id)) as evidence,
    any_value(g.offeror) as offeror,
    any_value(g.offer_date) as offer_date,
    any_value(g.kind) as gift_kind,
    any_value(g.description) as gift_description,
    any_value(g.status_raw) as gift_status,
    string_agg(distinct t.merchant_name, ', ' order by t.merchant_name) as merchants,
    count(*) as txn_count,
    sum(t.amount) as total_spend,
    min(t.transaction_date) as first_txn_date,
    max(t.transaction_date) as last_txn_date
from stg_cards as t
inner join stg_gifts as g on t.cardholder_key = g.recipient_key
inner join xref_links as l on t.merchant_name_id = l.name_a and g.offeror_name_id = l.name_b
where
    abs(date_diff('day', g.offer_date, t.transaction_date)) <= $window_days
    and t.transaction_date between $period_from and $period_to
    and t.amount > 0
    and t.amount >= $min_spend_gbp
group by g.ref, t.cardholder_key
