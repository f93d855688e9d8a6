-- rule: R007
-- title: High-value gifts or hospitality accepted
-- severity: medium
-- needs: gifts
-- definition: An accepted gift or hospitality worth at least high_value_gbp, or of a kind that is lavish whatever
--   its stated value (tickets, a cup final, a corporate box, travel or a hotel stay: the keywords list, matched as
--   whole words at the start of a word in the description); or, per member of staff and offeror, two or more
--   accepted offers within cumulative_window_days ending at one in the reporting period, worth together at least
--   cumulative_gbp. HMIC 2011 (FA Cup Final and Wimbledon tickets) and the NAO (Wimbledon, the Savoy Grill) found
--   such hospitality accepted by officials; force thresholds range from £5 to £75, so set high_value_gbp from the
--   force's policy. Ranges count at their lower bound and unknown values as nothing. Offerors are the same when
--   their text is the same or the matcher linked them automatically. Medium; high when the offeror is a supplier:
--   its name links to a contract or a supplier payment. Single offers are reported when made in the period.
--   Public-body offerors and offerors that are not suppliers (a member of the public, anonymous) are excluded. The rule card's "box" keyword is narrowed to corporate, executive and
--   hospitality boxes, because "box of chocolates" is a common, modest gift.
-- rationale: {staff} accepted {offer_count} offer(s) of gifts or hospitality from {offeror} worth {total_value}
--   {offer_dates} ({offer_list}): {trigger}; {supplier_note}.
-- param high_value_gbp: 100.0 | an accepted single offer worth at least this (£) is flagged
-- param cumulative_gbp: 250.0 | accepted offers from one offeror to one person worth together at least this (£) are flagged
-- param cumulative_window_days: 365 | days before an accepted offer in the period that the cumulative total reaches back (inclusive)
-- param keywords: ["ticket", "cup final", "final tickets", "corporate box", "executive box", "hospitality box", "wimbledon", "concert", "flight", "hotel", "overnight", "travel"] | words in the description that flag an accepted offer whatever its value (case ignored; matched at the start of a word, so "ticket" also finds "tickets")
-- param not_suppliers: ["member* of the public", "anonymous*", "unknown", "not known", "not stated", "n/a", "various", "private individual*"] | offerors that are private people or unidentified, never a supplier (* matches any text; case ignored)
-- coverage: gifts and hospitality offers in the period | stg_gifts | offer_date between $period_from and $period_to | status <> 'unknown' and offeror_name_id is not null and (value is not null or description is not null) | record no outcome (accepted or declined), no offeror, or neither a value nor a description
with names as (
    select distinct
        g.offeror_name_id as name_id,
        g.offeror
    from stg_gifts as g
    where g.offeror_name_id is not null
),

accepted as (
    -- accepted offers by a supplier (sql/views/supplier_offers.sql), with the lavish words their description holds
    select
        o.*,
        (
            select string_agg(x.keyword, ', ' order by x.keyword)
            from unnest($keywords::varchar[]) as x (keyword)
            where regexp_matches(lower(o.description), '\b\Q' || lower(x.keyword) || '\E')
        ) as keywords_found
    from xref_supplier_offers($not_suppliers) as o
    where o.status = 'accepted'
),

singles as (
    select
        'gift:' || a.ref as subject_key,
        a.rec_id as anchor_rec_id,
        a.recipient_key,
        a.offeror_id,
        a.offer_date as window_start,
        a.offer_date as window_end,
        concat_ws(
            ' and ',
            case when a.value >= $high_value_gbp then 'worth at least £' || format('{:,.2f}', $high_value_gbp) end,
            case when a.keywords_found is not null then 'its description mentions ' || a.keywords_found end
        ) as trigger
    from accepted as a
    where
        a.offer_date between $period_from and $period_to
        and (a.value >= $high_value_gbp or a.keywords_found is not null)
),

cumulative as (
    select
        a.recipient_key || ':' || lower(any_value(n.offeror)) as subject_key,
        null::varchar as anchor_rec_id,
        a.recipient_key,
        a.offeror_id,
        a.offer_date - cast($cumulative_window_days as integer) as window_start,
        a.offer_date as window_end,
        'together worth at least £'
        || format('{:,.2f}', $cumulative_gbp)
        || ' within '
        || $cumulative_window_days
        || ' days' as trigger
    from (
        select distinct
            recipient_key,
            offeror_id,
            offer_date
        from accepted
        where offer_date between $period_from and $period_to and recipient_key is not null
    ) as a
    inner join accepted as o
        on
            a.recipient_key = o.recipient_key
            and a.offeror_id = o.offeror_id
            and o.offer_date between a.offer_date - cast($cumulative_window_days as integer) and a.offer_date
    inner join names as n on a.offeror_id = n.name_id
    group by a.recipient_key, a.offeror_id, a.offer_date
    having count(distinct o.rec_id) >= 2 and sum(o.value) >= $cumulative_gbp
    qualify row_number() over (partition by a.recipient_key, a.offeror_id order by a.offer_date desc) = 1
),

flagged as (
    select
        s.*,
        a.rec_id,
        a.ref,
        a.offeror_name_id,
        a.offeror,
        a.recipient,
        a.offer_date,
        a.description,
        a.value,
        a.value_raw
    from singles as s
    inner join accepted as a on s.anchor_rec_id = a.rec_id
    union all
    select
        cu.*,
        a.rec_id,
        a.ref,
        a.offeror_name_id,
        a.offeror,
        a.recipient,
        a.offer_date,
        a.description,
        a.value,
        a.value_raw
    from cumulative as cu
    inner join accepted as a
        on
            cu.recipient_key = a.recipient_key
            and cu.offeror_id = a.offeror_id
            and a.offer_date between cu.window_start and cu.window_end
),

supplier_hits as (
    select
        l.name_a,
        l.name_b,
        l.score,
        l.band,
        l.method,
        l.explanation,
        'contract' as kind,
        c.ref,
        c.rec_id
    from xref_links as l
    inner join stg_contracts as c on l.name_b = c.supplier_name_id
    where l.name_a in (select n.name_id from names as n)
    union all
    select
        l.name_a,
        l.name_b,
        l.score,
        l.band,
        l.method,
        l.explanation,
        'payment',
        p.ref,
        p.rec_id
    from xref_links as l
    inner join stg_payments as p on l.name_b = p.supplier_name_id
    where l.name_a in (select n.name_id from names as n)
),

suppliers as (
    select
        f.subject_key,
        max(h.score) as score,
        arg_max(h.band, (h.score, h.band = 'auto', h.name_a, h.name_b, h.rec_id)) as band,
        arg_max(h.method, (h.score, h.band = 'auto', h.name_a, h.name_b, h.rec_id)) as method,
        arg_max(h.explanation, (h.score, h.band = 'auto', h.name_a, h.name_b, h.rec_id)) as explanation,
        arg_max([h.name_a, h.name_b], (h.score, h.band = 'auto', h.name_a, h.name_b, h.rec_id)) as pair,
        arg_max(h.rec_id, (h.score, h.band = 'auto', h.name_a, h.name_b, h.rec_id)) as rec_id,
        string_agg(distinct h.ref, '; ' order by h.ref) filter (where h.kind = 'contract') as contract_refs,
        count(distinct h.ref) filter (where h.kind = 'contract') as contract_count,
        count(distinct h.ref) filter (where h.kind = 'payment') as payment_count
    from (select distinct
        subject_key,
        offeror_name_id
    from flagged) as f
    inner join supplier_hits as h on f.offeror_name_id = h.name_a
    group by f.subject_key
)

select
    f.subject_key,
    max(f.offer_date) as event_date,
    case when any_value(s.score) is not null then 'high' else 'medium' end as severity,
    arg_max(f.recipient, f.offer_date) as staff,
    any_value(f.recipient_key) as staff_key,
    any_value(n.offeror) as supplier,
    any_value(s.contract_refs) as contract_ref,
    string_agg(f.ref, '; ' order by f.offer_date, f.ref) as gift_ref,
    any_value(s.score) as match_score,
    any_value(s.band) as match_band,
    any_value(s.method) as match_method,
    any_value(s.explanation) as match_explanation,
    any_value(s.pair) as match_pair,
    list_filter(
        list_append(list(f.rec_id order by f.offer_date, f.rec_id), any_value(s.rec_id)), lambda x: x is not null
    ) as evidence,
    list_filter(
        [
            case
                when sum(f.value) >= 2 * $high_value_gbp then { 'reason': 'worth twice the high value', 'points': 5 }
            end
        ],
        lambda x: x is not null
    ) as points,
    string_agg(distinct f.offeror, '; ' order by f.offeror) as offeror,
    count(*) as offer_count,
    sum(f.value) as total_value,
    min(f.offer_date) as first_offer_date,
    max(f.offer_date) as last_offer_date,
    case
        when min(f.offer_date) = max(f.offer_date) then 'on ' || strftime(min(f.offer_date), '%-d %b %Y')
        else
            'between '
            || strftime(min(f.offer_date), '%-d %b %Y')
            || ' and '
            || strftime(max(f.offer_date), '%-d %b %Y')
    end as offer_dates,
    string_agg(
        coalesce(f.description, 'not described') || ', ' || coalesce(f.value_raw, 'value not recorded'),
        '; ' order by f.offer_date, f.ref
    ) as offer_list,
    any_value(f.trigger) as trigger,
    case
        when any_value(s.score) is null then 'no contract or supplier payment with it was found'
        when any_value(s.contract_count) > 0
            then
                'it is a supplier: ' || any_value(s.contract_count) || ' contract(s) (' || any_value(s.contract_refs)
                || ') and ' || any_value(s.payment_count) || ' payment(s)'
        else 'it is a supplier: ' || any_value(s.payment_count) || ' payment(s)'
    end as supplier_note
from flagged as f
inner join names as n on f.offeror_id = n.name_id
left join suppliers as s on f.subject_key = s.subject_key
group by f.subject_key
