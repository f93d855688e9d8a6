-- rule: R005
-- title: Supplier repeatedly offering gifts or hospitality to staff (courting)
-- severity: medium
-- needs: gifts
-- definition: A supplier-level pattern: within window_days up to an offer it made in the reporting period, one
--   offeror had at least min_declined offers declined, or made offers to at least min_distinct_staff different
--   members of staff. Registers must record declined offers because a supplier that keeps offering is courting
--   the force (HMIC 2012: staff "at risk of being influenced by contractors or suppliers"; NAO on frequent
--   providers). The subject is the supplier, not the staff: staff who declined acted correctly and are listed in
--   their favour, and no member of staff is named as the flag's subject. Offerors are the same when their text is
--   the same or the matcher linked them automatically. One flag per offeror (the same flag in every period, so a
--   decision on it carries and a new offer re-opens it), for the latest window that meets a trigger. Medium; high when the offeror (by any name link) held a contract live in the window or
--   awarded in it. Public-body offerors and offerors that are not suppliers (a member of the public, anonymous) are excluded.
-- rationale: {supplier} made {offer_count} offer(s) of gifts or hospitality to {staff_count} member(s) of staff
--   between {first_offer_date} and {window_end} ({offer_list}); {declined_note}; {contract_note}.
-- param window_days: 365 | days before the latest offer in the period that the window reaches back (inclusive)
-- param min_declined: 2 | flag when the window holds at least this many declined offers
-- param min_distinct_staff: 3 | ...or offers to at least this many different members of staff
-- param not_suppliers: ["member* of the public", "anonymous*", "unknown", "not known", "not stated", "n/a", "various", "private individual*"] | offerors that are private people or unidentified, never a supplier (* matches any text; case ignored)
-- coverage: gifts and hospitality offers in the period | stg_gifts | offer_date between $period_from and $period_to | offeror_name_id is not null | name no offeror
with names as (
    select distinct
        g.offeror_name_id as name_id,
        g.offeror
    from stg_gifts as g
    where g.offeror_name_id is not null
),

offers as (
    -- offers by a supplier, with its supplier group (sql/views/supplier_offers.sql)
    select * from xref_supplier_offers($not_suppliers)
),

windows as (
    select
        a.offeror_id,
        a.offer_date as window_end,
        a.offer_date - cast($window_days as integer) as window_start,
        count(distinct o.rec_id) filter (where o.status = 'declined') as declined_count,
        count(distinct o.recipient_key) as staff_count
    from (select distinct
        offeror_id,
        offer_date
    from offers
    where offer_date between $period_from and $period_to) as a
    inner join offers as o
        on
            a.offeror_id = o.offeror_id
            and o.offer_date between a.offer_date - cast($window_days as integer) and a.offer_date
    group by a.offeror_id, a.offer_date
    having declined_count >= $min_declined or staff_count >= $min_distinct_staff
    qualify row_number() over (partition by a.offeror_id order by a.offer_date desc) = 1
),

in_window as (
    select
        w.*,
        o.rec_id,
        o.ref,
        o.offeror_name_id,
        o.offeror,
        o.offer_date,
        o.recipient,
        o.recipient_key,
        o.status
    from windows as w
    inner join offers as o
        on w.offeror_id = o.offeror_id and o.offer_date between w.window_start and w.window_end
),

contracted as (
    -- the best link's contract: the highest score, an automatic link before a possible one, then the latest award
    select
        offeror_id,
        best.contract_ref,
        best.contract_rec_id,
        best.contract_supplier,
        best.contract_title,
        best.award_date,
        score,
        best.band,
        best.method,
        best.explanation,
        best.pair
    from (
        select
            iw.offeror_id,
            arg_max(
                {
                    'contract_ref': c.ref,
                    'contract_rec_id': c.rec_id,
                    'contract_supplier': c.supplier_name,
                    'contract_title': c.title,
                    'award_date': c.award_date,
                    'band': l.band,
                    'method': l.method,
                    'explanation': l.explanation,
                    'pair': [l.name_a, l.name_b]
                },
                (l.score, l.band = 'auto', c.award_date, c.rec_id, l.name_a, l.name_b)
            ) as best,
            max(l.score) as score
        from in_window as iw
        inner join xref_links as l on iw.offeror_name_id = l.name_a
        inner join stg_contracts as c on l.name_b = c.supplier_name_id
        where
            c.award_date between iw.window_start and iw.window_end
            or (
                coalesce(c.start_date, c.award_date) <= iw.window_end
                and (c.end_date is null or c.end_date >= iw.window_start)
            )
        group by iw.offeror_id
    )
)

select
    'offeror:' || lower(n.offeror) as subject_key,
    any_value(iw.window_end) as event_date,
    case when any_value(k.contract_ref) is not null then 'high' else 'medium' end as severity,
    any_value(n.offeror) as supplier,
    any_value(k.contract_ref) as contract_ref,
    string_agg(iw.ref, '; ' order by iw.offer_date, iw.ref) as gift_ref,
    any_value(k.score) as match_score,
    any_value(k.band) as match_band,
    any_value(k.method) as match_method,
    any_value(k.explanation) as match_explanation,
    any_value(k.pair) as match_pair,
    list_filter(
        list_append(list(iw.rec_id order by iw.offer_date, iw.rec_id), any_value(k.contract_rec_id)),
        lambda x: x is not null
    ) as evidence,
    string_agg(distinct iw.offeror, '; ' order by iw.offeror) as offeror_names,
    count(*) as offer_count,
    any_value(iw.declined_count) as declined_count,
    any_value(iw.staff_count) as staff_count,
    count(*) filter (where iw.status = 'accepted') as accepted_count,
    coalesce(
        string_agg(distinct iw.recipient, ', ' order by iw.recipient) filter (where iw.status = 'declined'), 'nobody'
    ) as declined_by,
    string_agg(distinct iw.recipient, ', ' order by iw.recipient) as offered_to,
    any_value(iw.window_start) as window_start,
    min(iw.offer_date) as first_offer_date,
    string_agg(
        coalesce(iw.recipient, 'no recipient named') || ' ' || strftime(iw.offer_date, '%-d %b %Y'),
        ', ' order by iw.offer_date, iw.ref
    ) as offer_list,
    case
        when any_value(iw.declined_count) = 0 then 'none was declined'
        else
            any_value(iw.declined_count) || ' declined, as they should, by '
            || string_agg(distinct iw.recipient, ', ' order by iw.recipient) filter (where iw.status = 'declined')
    end as declined_note,
    any_value(iw.window_end) as window_end,
    coalesce(
        'it held contract ' || any_value(k.contract_ref) || ' (' || coalesce(any_value(k.contract_title), 'untitled')
        || ', awarded ' || strftime(any_value(k.award_date), '%-d %b %Y') || ' to ' || any_value(k.contract_supplier)
        || ') in that time',
        'no contract with it was live or awarded in that time'
    ) as contract_note
from in_window as iw
inner join names as n on iw.offeror_id = n.name_id
left join contracted as k on iw.offeror_id = k.offeror_id
group by iw.offeror_id, n.offeror
