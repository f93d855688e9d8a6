-- rule: R006
-- title: Repeated gifts or hospitality offered to one member of staff by the same supplier
-- severity: medium
-- needs: gifts
-- definition: The same member of staff was offered gifts or hospitality by the same offeror at least min_offers
--   times within window_days, or at least short_min_offers times within short_window_days, counting offers of any
--   status (accepted ones are counted separately). The window ends at an offer made in the reporting period; one
--   flag per member of staff and offeror (the same flag in every period, so a decision on it carries and a new
--   offer re-opens it), for the latest window that meets a trigger. Regular
--   hospitality from one source builds the "unusually close association with a vendor" the ACFE warns of (IPCC:
--   "hospitality became regular"; Cabinet Office: "not over-frequent"). Offerors are the same when their text is
--   the same or the matcher linked them automatically; people are matched exactly. Medium; high when the offeror
--   (by any name link) held a contract live or awarded in the window on which the member of staff had a decision
--   role (contract roles register, or the contract's approver). Public-body offerors and offerors that are not suppliers (a member of the public, anonymous) are excluded; entries that
--   name no person (a team) are not counted.
-- rationale: {staff} was offered gifts or hospitality {offer_count} times by {supplier} between {first_offer_date}
--   and {last_offer_date} ({accepted_count} accepted, {declined_count} declined: {offer_list}); {trigger};
--   {contract_note}.
-- param window_days: 365 | days before the latest offer in the period that the long window reaches back (inclusive)
-- param min_offers: 3 | flag when the long window holds at least this many offers
-- param short_window_days: 90 | days the short window reaches back (inclusive)
-- param short_min_offers: 2 | ...or when the short window holds at least this many offers
-- param roles: ["approv*", "evaluat*", "specifier", "requisitioner", "budget holder", "buyer", "contract manager", "contract owner"] | decision roles that make the flag high, as patterns on the roles register's role text (* matches any text; case ignored; _ and - read as spaces)
-- param not_suppliers: ["member* of the public", "anonymous*", "unknown", "not known", "not stated", "n/a", "various", "private individual*"] | offerors that are private people or unidentified, never a supplier (* matches any text; case ignored)
-- coverage: gifts and hospitality offers in the period | stg_gifts | offer_date between $period_from and $period_to | offeror_name_id is not null and recipient_key is not null | name no offeror or no recipient
with names as (
    select distinct
        g.offeror_name_id as name_id,
        g.offeror
    from stg_gifts as g
    where g.offeror_name_id is not null
),

offers as (
    -- offers by a supplier to a named member of staff (sql/views/supplier_offers.sql)
    select o.*
    from xref_supplier_offers($not_suppliers) as o
    where o.recipient_key is not null
),

windows as (
    select
        a.recipient_key,
        a.offeror_id,
        a.offer_date as window_end,
        a.offer_date - cast(greatest($window_days, $short_window_days) as integer) as window_start,
        count(distinct o.rec_id) filter (
            where o.offer_date >= a.offer_date - cast($window_days as integer)
        ) as long_count,
        count(distinct o.rec_id) filter (
            where o.offer_date >= a.offer_date - cast($short_window_days as integer)
        ) as short_count
    from (
        select distinct
            recipient_key,
            offeror_id,
            offer_date
        from offers
        where offer_date between $period_from and $period_to
    ) as a
    inner join offers as o
        on
            a.recipient_key = o.recipient_key
            and a.offeror_id = o.offeror_id
            and o.offer_date between a.offer_date - cast(greatest($window_days, $short_window_days) as integer)
            and a.offer_date
    group by a.recipient_key, a.offeror_id, a.offer_date
    having long_count >= $min_offers or short_count >= $short_min_offers
    qualify row_number() over (partition by a.recipient_key, a.offeror_id order by a.offer_date desc) = 1
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
        o.status,
        o.description
    from windows as w
    inner join offers as o
        on
            w.recipient_key = o.recipient_key
            and w.offeror_id = o.offeror_id
            and o.offer_date between (
                case
                    when w.long_count >= $min_offers
                        then w.window_end - cast($window_days as integer)
                    else w.window_end - cast($short_window_days as integer)
                end
            ) and w.window_end
),

decision_contracts as (
    -- the best link's contract: the highest score, an automatic link before a possible one, then the latest award
    select
        recipient_key,
        offeror_id,
        best.contract_ref,
        best.contract_rec_id,
        best.contract_supplier,
        best.decision_role,
        score,
        best.band,
        best.method,
        best.explanation,
        best.pair
    from (
        select
            iw.recipient_key,
            iw.offeror_id,
            arg_max(
                {
                    'contract_ref': c.ref,
                    'contract_rec_id': c.rec_id,
                    'contract_supplier': c.supplier_name,
                    'decision_role': ch.role,
                    'band': l.band,
                    'method': l.method,
                    'explanation': l.explanation,
                    'pair': [l.name_a, l.name_b]
                },
                (l.score, l.band = 'auto', c.award_date, c.rec_id, ch.role, l.name_a, l.name_b)
            ) as best,
            max(l.score) as score
        from in_window as iw
        inner join xref_links as l on iw.offeror_name_id = l.name_a
        inner join stg_contracts as c on l.name_b = c.supplier_name_id
        inner join xref_decision_chain as ch on c.rec_id = ch.contract_rec_id and iw.recipient_key = ch.staff_key
        where
            (
                c.award_date between iw.window_start and iw.window_end
                or (
                    coalesce(c.start_date, c.award_date) <= iw.window_end
                    and (c.end_date is null or c.end_date >= iw.window_start)
                )
            )
            and exists (
                select 1
                from unnest($roles::varchar[]) as x (pattern)
                where ch.role ilike replace(x.pattern, '*', '%')
            )
        group by iw.recipient_key, iw.offeror_id
    )
)

select
    iw.recipient_key || ':' || lower(n.offeror) as subject_key,
    any_value(iw.window_end) as event_date,
    case when any_value(k.contract_ref) is not null then 'high' else 'medium' end as severity,
    arg_max(iw.recipient, iw.offer_date) as staff,
    iw.recipient_key as staff_key,
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
    list_filter(
        [
            case
                when count(*) filter (where iw.status = 'accepted') >= 2
                    then { 'reason': 'two or more offers accepted', 'points': 10 }
            end
        ],
        lambda x: x is not null
    ) as points,
    string_agg(distinct iw.offeror, '; ' order by iw.offeror) as offeror_names,
    count(*) as offer_count,
    count(*) filter (where iw.status = 'accepted') as accepted_count,
    count(*) filter (where iw.status = 'declined') as declined_count,
    min(iw.offer_date) as first_offer_date,
    max(iw.offer_date) as last_offer_date,
    string_agg(
        coalesce(iw.description, 'not described') || ' on ' || strftime(iw.offer_date, '%-d %b %Y'),
        '; ' order by iw.offer_date, iw.ref
    ) as offer_list,
    case
        when any_value(iw.long_count) >= $min_offers
            then 'at least ' || $min_offers || ' offers within ' || $window_days || ' days'
        else 'at least ' || $short_min_offers || ' offers within ' || $short_window_days || ' days'
    end as trigger,
    coalesce(
        'it held contract '
        || any_value(k.contract_ref)
        || ' ('
        || any_value(k.contract_supplier)
        || ') at the time, on which '
        || arg_max(iw.recipient, iw.offer_date) || ' was ' || any_value(k.decision_role),
        'no contract on which they had a decision role was found'
    ) as contract_note
from in_window as iw
inner join names as n on iw.offeror_id = n.name_id
left join decision_contracts as k on iw.recipient_key = k.recipient_key and iw.offeror_id = k.offeror_id
group by iw.recipient_key, iw.offeror_id, n.offeror
