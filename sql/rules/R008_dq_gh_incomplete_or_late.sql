-- rule: R008
-- title: Gifts and hospitality entry incomplete or declared late
-- severity: low
-- needs: gifts
-- definition: A gifts-and-hospitality entry that does not say who offered it (the offeror reads "unknown", "n/a"
--   and the like; a blank offeror is already set aside at loading with reason missing_value), who it was offered
--   to (blank recipient), whether it was accepted or declined (status blank or not understood), or what it was
--   worth (value blank, written as "Unknown" or "N/A", or unreadable); or that was declared more than late_days
--   after the offer (Surrey requires 28 days; some NHS bodies 14). Registers must say who offered what, to whom,
--   and what happened to it, or the other checks cannot be made. This is register quality, not misconduct: low.
--   A blank recipient is an adaptation from the rule card, which lists offeror, status and value. Pending
--   statuses are not flagged. Reported when the offer or its declaration falls in the reporting period; entries
--   with no declared date cannot be checked for lateness. Gifts given by staff never reach the checks.
-- rationale: Entry {gift_ref} ({gift_description}, offered by {offeror} to {staff} on {offer_date}, declared
--   {declared_date}) is incomplete or late: {problems}.
-- param late_days: 28 | an entry declared more than this many days after the offer is late
-- param unknown_offerors: ["unknown", "not known", "n/a", "na", "none", "-", "tbc", "not stated", "not recorded", "unspecified", "anonymous"] | offeror texts that do not identify anyone (whole text, case ignored)
-- coverage: offers made in the period | stg_gifts | offer_date between $period_from and $period_to | declared_date is not null | have no declared date, so a late declaration cannot be seen
with checked as (
    select
        g.*,
        concat_ws(
            '; ',
            case
                when
                    lower(trim(g.offeror)) in (
                        select lower(x.word) from unnest($unknown_offerors::varchar[]) as x (word)
                    )
                    then 'the offeror is given as ''' || g.offeror || ''''
            end,
            case when g.recipient is null then 'no recipient is named' end,
            case
                when g.status = 'unknown' and g.status_raw is null then 'no status (accepted or declined) is recorded'
                when
                    g.status = 'unknown'
                    then 'the status ''' || g.status_raw || ''' says neither accepted nor declined'
            end,
            case
                when g.value is null and g.value_raw is null then 'no value is recorded'
                when g.value is null and regexp_matches(g.value_raw, '[0-9]')
                    then 'the value ''' || g.value_raw || ''' cannot be read'
                when g.value is null then 'the value is recorded as ''' || g.value_raw || ''''
            end,
            case
                when date_diff('day', g.offer_date, g.declared_date) > $late_days
                    then
                        'declared '
                        || date_diff('day', g.offer_date, g.declared_date)
                        || ' days after the offer (more than '
                        || $late_days || ')'
            end
        ) as problems
    from stg_gifts as g
    where
        g.offer_date between $period_from and $period_to
        or g.declared_date between $period_from and $period_to
)

select
    'gift:' || c.ref as subject_key,
    case when c.offer_date between $period_from and $period_to then c.offer_date else c.declared_date end as event_date,
    'low' as severity,
    c.recipient as staff,
    c.recipient_key as staff_key,
    c.ref as gift_ref,
    [c.rec_id] as evidence,
    c.offeror,
    c.offer_date,
    c.declared_date,
    coalesce(c.description, 'not described') as gift_description,
    c.status_raw as gift_status,
    c.value_raw as gift_value_raw,
    date_diff('day', c.offer_date, c.declared_date) as days_to_declare,
    c.problems
from checked as c
where c.problems <> ''
