-- rule: R028
-- title: Declared interest that Companies House's officer record does not bear out
-- severity: low
-- needs: interests, staff
-- definition: A business interest current in the reporting period whose company's Companies House records, for
--   the same member of staff (matched as in xref_company_people), disagree with it: every appointment there ended
--   before the period (the person resigned, or ceased to control it, yet the interest is still declared); the
--   interest is declared as a directorship but Companies House has the person in another role only; or the
--   interest gives a company number and the person's records at a company of the declared name carry another.
--   The company is found by the interest's company number or by its organisation name (xref_company_names). A
--   data-quality flag for the annual review of declarations: either register may be out of date.
-- rationale: {staff} declared an interest ({interest_role}) in {organisation}, current in the period, but
--   Companies House {disagreement}.
-- coverage: business interests current in the period | stg_interests | (start_date is null or start_date <= $period_to) and (end_date is null or end_date >= $period_from) | exists (select 1 from xref_company_people) | cannot be compared: no officer or PSC record names a member of staff
with current_interests as (
    select i.*
    from stg_interests as i
    where
        (i.start_date is null or i.start_date <= $period_to)
        and (i.end_date is null or i.end_date >= $period_from)
),

-- the person's Companies House records at the company the interest names, and how it was found
records as (
    select
        i.rec_id as interest_rec_id,
        cp.*,
        i.company_number is not null and i.company_number = cp.company_number as same_number,
        n.score,
        n.band,
        n.method,
        n.explanation,
        n.pair
    from current_interests as i
    inner join xref_company_people as cp on i.staff_key = cp.staff_key
    left join xref_company_names as n
        on
            cp.rec_id = n.rec_id
            and n.name_id in (
                select l.name_b from xref_links as l
                where l.name_a = i.organisation_name_id
            )
    where i.company_number = cp.company_number or n.name_id is not null
),

judged as (
    select
        i.rec_id,
        i.ref,
        i.staff,
        i.staff_key,
        i.organisation,
        i.company_number,
        coalesce(i.role, 'role not stated') as interest_role,
        list(distinct r.rec_id order by r.rec_id) as record_ids,
        string_agg(distinct r.ref, '; ' order by r.ref) as officer_ref,
        string_agg(distinct r.role, ' and ' order by r.role) as roles,
        max(r.end_date) as last_end,
        bool_and(r.end_date is not null and r.end_date < $period_from) as all_ended,
        bool_or(r.role like '%director%') as any_director,
        string_agg(distinct r.company_number, ', ' order by r.company_number) filter (where not r.same_number)
            as other_numbers,
        bool_or(r.same_number) as any_same_number,
        any_value(coalesce(r.company_name, i.organisation)) as company_name,
        min(r.score) as match_score,
        case when bool_and(r.band = 'auto' or r.same_number) then 'auto' else 'review' end as match_band,
        arg_min(r.method, (r.score, r.band = 'auto', r.pair)) as match_method,
        arg_min(r.explanation, (r.score, r.band = 'auto', r.pair)) as match_explanation,
        arg_min(r.pair, (r.score, r.band = 'auto', r.pair)) as match_pair
    from current_interests as i
    inner join records as r on i.rec_id = r.interest_rec_id
    group by all
)

select
    'interest-record:' || j.ref as subject_key,
    $period_to::date as event_date,
    'low' as severity,
    j.staff,
    j.staff_key,
    j.organisation as supplier,
    j.ref as interest_ref,
    j.officer_ref,
    j.match_score,
    j.match_band,
    j.match_method,
    j.match_explanation,
    j.match_pair,
    list_prepend(j.rec_id, j.record_ids) as evidence,
    j.organisation,
    j.interest_role,
    concat_ws(
        '; and it ',
        case
            when j.all_ended
                then
                    'shows every appointment of theirs at '
                    || j.company_name
                    || ' ended by '
                    || strftime(j.last_end, '%d/%m/%Y')
        end,
        case
            when lower(j.interest_role) like '%director%' and not j.any_director
                then 'has them as ' || j.roles || ', not a director'
        end,
        case
            when j.company_number is not null and j.other_numbers is not null and not j.any_same_number
                then
                    'has them at ' || j.company_name || ' under company number ' || j.other_numbers
                    || ', not the declared ' || j.company_number
        end
    ) as disagreement
from judged as j
where
    j.all_ended
    or (lower(j.interest_role) like '%director%' and not j.any_director)
    or (j.company_number is not null and j.other_numbers is not null and not j.any_same_number)
