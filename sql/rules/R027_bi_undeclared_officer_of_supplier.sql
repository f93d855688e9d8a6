-- rule: R027
-- title: Member of staff is an officer or owner of a supplier, with no interest declared
-- severity: high
-- needs: staff
-- definition: A member of staff is, at Companies House, an officer (director, secretary, LLP member...) or a person
--   with significant control of a company that the force paid, had a live contract with, or bought from by card
--   in the reporting period, while the appointment was current, and the business interests register holds no
--   declaration by them in that company (by company number, or an organisation the matcher links to it). This is
--   the National Fraud Initiative's payroll-to-Companies-House match ("vendor-employee" in audit suites): it does
--   not trust what staff chose to declare. High when the person had a part in the award of one of the company's
--   contracts (xref_decision_chain) or holds the card; medium otherwise. One band lower when the person is matched
--   by name only (no month of birth on one side), and one band lower again when their surname is common in the
--   staff list (at least common_surname_share of the staff, and at least three people): a name alone is weaker
--   evidence for a common name. People are matched exactly (xref_company_people); companies by number or name
--   (xref_company_names).
-- rationale: {staff} appears at Companies House as {officer_roles} of {company_name} ({company_number}), matched
--   to the staff list by {person_match}; in the period the force dealt with the company as {activity_summary}.
--   The business interests register holds no declaration by them in it ({staff}'s declarations: {declarations}).
--   {weakened}
-- coverage_needs: any
-- coverage: company officers current in the period | stg_officers | (appointed_on is null or appointed_on <= $period_to) and (resigned_on is null or resigned_on >= $period_from) | exists (select 1 from stg_staff) | have no staff list to be compared with
-- coverage: company officers current in the period | stg_officers | (appointed_on is null or appointed_on <= $period_to) and (resigned_on is null or resigned_on >= $period_from) | rec_id in (select n.rec_id from xref_company_names as n inner join xref_names as x on n.name_id = x.name_id where x.source not in ('officers', 'psc')) | are officers of a company no register of the run names (no company number or name links it to a supplier)
-- coverage: persons with significant control current in the period | stg_psc | (notified_on is null or notified_on <= $period_to) and (ceased_on is null or ceased_on >= $period_from) | exists (select 1 from stg_staff) | have no staff list to be compared with
-- coverage: persons with significant control current in the period | stg_psc | (notified_on is null or notified_on <= $period_to) and (ceased_on is null or ceased_on >= $period_from) | rec_id in (select n.rec_id from xref_company_names as n inner join xref_names as x on n.name_id = x.name_id where x.source not in ('officers', 'psc')) | control a company no register of the run names (no company number or name links it to a supplier)
-- param common_surname_share: 0.005 | a surname borne by at least this share of the staff list (and by three people or more) is common: the match is one band lower (the five commonest British surnames are each borne by about 0.5 % to 1.3 % of people)
with activity as (
    select
        'contract' as kind,
        c.supplier_name_id as name_id,
        c.supplier_name as counterpart,
        c.ref,
        c.rec_id,
        greatest(coalesce(c.start_date, c.award_date), $period_from::date) as activity_date,
        least(coalesce(c.end_date, $period_to::date), $period_to::date) as activity_end,
        null as holder_key
    from stg_contracts as c
    where
        coalesce(c.start_date, c.award_date) <= $period_to
        and (c.end_date is null or c.end_date >= $period_from)
    union all
    select
        'card',
        t.merchant_name_id,
        t.merchant_name,
        t.ref,
        t.rec_id,
        t.transaction_date,
        t.transaction_date,
        t.cardholder_key
    from stg_cards as t
    where t.transaction_date between $period_from and $period_to
    union all
    select
        'payment',
        p.supplier_name_id,
        p.supplier_name,
        p.ref,
        p.rec_id,
        p.payment_date,
        p.payment_date,
        null
    from stg_payments as p
    where p.payment_date between $period_from and $period_to
),

hits as (
    select
        cp.*,
        a.kind,
        a.counterpart,
        a.ref as activity_ref,
        a.rec_id as activity_rec_id,
        a.activity_date,
        n.name_id as supplier_name_id,
        n.score,
        n.band,
        n.method,
        n.explanation,
        n.pair,
        coalesce(a.holder_key = cp.staff_key, false)
        or exists (
            select 1
            from xref_decision_chain as ch
            where ch.contract_rec_id = a.rec_id and ch.staff_key = cp.staff_key
        ) as personally_involved
    from xref_company_people as cp
    inner join xref_company_names as n on cp.rec_id = n.rec_id
    inner join activity as a on n.name_id = a.name_id
    where
        (cp.start_date is null or cp.start_date <= a.activity_end)
        and (cp.end_date is null or cp.end_date >= a.activity_date)
),

undeclared as (
    select h.*
    from hits as h
    where not exists (
        select 1
        from stg_interests as i
        where
            i.staff_key = h.staff_key
            and (
                i.company_number = h.company_number
                or exists (
                    select 1
                    from xref_links as l
                    where
                        l.name_a = i.organisation_name_id
                        and (l.name_b = h.supplier_name_id or l.name_b = h.company_name_id)
                )
            )
    )
),

flagged as (
    select
        u.company_number,
        u.staff_key,
        any_value(u.staff) as staff,
        max(u.activity_date) as event_date,
        bool_or(u.personally_involved) as personally_involved,
        bool_and(u.name_only) as name_only,
        any_value(u.surname_staff) >= greatest(3, $common_surname_share * any_value(u.staff_total)) as common_surname,
        any_value(u.surname_staff) as surname_staff,
        string_agg(distinct u.counterpart, '; ' order by u.counterpart) as supplier,
        coalesce(any_value(u.company_name), min(u.counterpart)) as company_name,
        string_agg(distinct u.role, ' and ' order by u.role) as officer_roles,
        arg_min(u.person_match, u.name_only::int) as person_match,
        string_agg(distinct u.ref, '; ' order by u.ref) as officer_ref,
        string_agg(distinct u.activity_ref, '; ' order by u.activity_ref) filter (where u.kind = 'contract')
            as contract_ref,
        string_agg(distinct u.activity_ref, '; ' order by u.activity_ref) filter (where u.kind = 'card') as card_ref,
        string_agg(distinct u.activity_ref, '; ' order by u.activity_ref) filter (where u.kind = 'payment')
            as payment_ref,
        min(u.score) as match_score,
        case when bool_and(u.band = 'auto') then 'auto' else 'review' end as match_band,
        arg_min(u.method, (u.score, u.band = 'auto', u.pair)) as match_method,
        arg_min(u.explanation, (u.score, u.band = 'auto', u.pair)) as match_explanation,
        arg_min(u.pair, (u.score, u.band = 'auto', u.pair)) as match_pair,
        list_concat(
            list(distinct u.rec_id order by u.rec_id), list(distinct u.activity_rec_id order by u.activity_rec_id)
        ) as evidence,
        concat_ws(
            ', ',
            case
                when count(*) filter (where u.kind = 'contract') > 0
                    then
                        'a contracted supplier ('
                        || count(distinct u.activity_ref) filter (where u.kind = 'contract') || ' contract(s))'
            end,
            case
                when count(*) filter (where u.kind = 'card') > 0
                    then 'a card merchant (' || count(*) filter (where u.kind = 'card') || ' transaction(s))'
            end,
            case
                when count(*) filter (where u.kind = 'payment') > 0
                    then 'a paid supplier (' || count(*) filter (where u.kind = 'payment') || ' payment(s))'
            end,
            case
                when bool_or(u.personally_involved)
                    then 'with ' || any_value(u.staff) || ' involved in the award or holding the card'
            end
        ) as activity_summary
    from undeclared as u
    group by u.company_number, u.staff_key
)

select
    'officer:' || f.company_number || ':' || f.staff_key as subject_key,
    f.event_date,
    ['low', 'medium', 'high'][
        greatest(1, (case when f.personally_involved then 3 else 2 end) - f.name_only::int - f.common_surname::int)
    ] as severity,
    f.staff,
    f.staff_key,
    f.supplier,
    f.contract_ref,
    f.card_ref,
    f.payment_ref,
    f.officer_ref,
    f.match_score,
    f.match_band,
    f.match_method,
    f.match_explanation,
    f.match_pair,
    f.evidence,
    f.company_name,
    f.company_number,
    f.officer_roles,
    f.person_match,
    f.activity_summary,
    coalesce(
        (
            select string_agg(i.organisation || ' (' || coalesce(i.role, 'role not stated') || ')', '; ' order by i.ref)
            from stg_interests as i
            where i.staff_key = f.staff_key
        ),
        'none declared'
    ) as declarations,
    concat_ws(
        ' ',
        case when f.name_only then 'The match is on the name alone, so the flag is one band lower.' end,
        case
            when f.common_surname
                then
                    f.surname_staff || ' people on the staff list share the surname, so the name is common here and '
                    || 'the flag is one band lower.'
        end
    ) as weakened
from flagged as f
