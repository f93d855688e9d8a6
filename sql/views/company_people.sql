-- view: xref_company_people
-- columns: source ('officers' or 'psc'), rec_id, ref, company_number, company_name, company_name_id, name (as
--   Companies House writes it), role, start_date (appointed or notified), end_date (resigned or ceased),
--   date_of_birth, staff_key, staff (the staff list's name), staff_id, staff_date_of_birth, person_match,
--   name_only, surname_staff, staff_total
-- definition: The company officers and persons with significant control (PSC) who are members of staff. A person
--   is matched as xref matches people everywhere (xref/people.py): the name as written, after case, accents,
--   titles and "SURNAME, Forenames" order, to one entry of the staff list, and never a guess ("J Smith" is not
--   "Jane Smith"). Companies House gives a month and year of birth, and so may the staff list (date_of_birth):
--   where both have one they must agree (a namesake born in another month is someone else), and they let one
--   more match through, on forename and surname alone when Companies House adds middle names ("SMITH, Jane
--   Elizabeth" is the staff list's "Jane Smith" born in the same month, if only one member of staff is). A match
--   with no month of birth on one side is name_only. surname_staff counts the staff list's people with the
--   surname (how common the name is here), staff_total the staff list's length.
create or replace view xref_company_people as
with people as (
    select
        'officers' as source,
        o.rec_id,
        o.ref,
        o.company_number,
        o.company_name,
        o.company_name_id,
        o.name,
        o.name_key,
        o.name_staff_id,
        lower(regexp_replace(trim(o.officer_role), '[\s_-]+', ' ', 'g')) as role,
        o.appointed_on as start_date,
        o.resigned_on as end_date,
        o.date_of_birth
    from stg_officers as o
    union all
    select
        'psc',
        p.rec_id,
        p.ref,
        p.company_number,
        p.company_name,
        p.company_name_id,
        p.name,
        p.name_key,
        p.name_staff_id,
        'person with significant control'
        || coalesce(' (' || nullif(regexp_replace(trim(p.natures_of_control), '[_-]+', ' ', 'g'), '') || ')', ''),
        p.notified_on,
        p.ceased_on,
        p.date_of_birth
    from stg_psc as p
),

staff as (
    select
        s.staff_id,
        'staff:' || upper(s.staff_id) as staff_key,
        s.name,
        s.date_of_birth,
        regexp_extract(s.name_key, '^(\S+)', 1) || ' ' || regexp_extract(s.name_key, '(\S+)$', 1) as first_last,
        regexp_extract(s.name_key, '(\S+)$', 1) as surname
    from stg_staff as s
    where s.name_key is not null
),

surnames as (
    select
        surname,
        count(*) as surname_staff
    from staff
    group by surname
),

-- forename, surname and month of birth that only one member of staff has
first_last_birth as (
    select
        first_last,
        date_of_birth,
        any_value(staff_id) as staff_id
    from staff
    where date_of_birth is not null
    group by first_last, date_of_birth
    having count(*) = 1
),

matched as (
    select
        p.*,
        s.staff_id,
        'name' as matched_on
    from people as p
    inner join staff as s on upper(p.name_staff_id) = upper(s.staff_id)
    where p.date_of_birth is null or s.date_of_birth is null or p.date_of_birth = s.date_of_birth
    union all
    select
        p.*,
        f.staff_id,
        'first and last name'
    from people as p
    inner join first_last_birth as f
        on
            regexp_extract(p.name_key, '^(\S+)', 1) || ' ' || regexp_extract(p.name_key, '(\S+)$', 1) = f.first_last
            and p.date_of_birth = f.date_of_birth
    where p.name_staff_id is null
)

select
    m.source,
    m.rec_id,
    m.ref,
    m.company_number,
    m.company_name,
    m.company_name_id,
    m.name,
    m.role,
    m.start_date,
    m.end_date,
    m.date_of_birth,
    s.staff_key,
    s.name as staff,
    s.staff_id,
    s.date_of_birth as staff_date_of_birth,
    case
        when m.matched_on = 'first and last name'
            then 'forename, surname and month of birth (Companies House adds a middle name)'
        when m.date_of_birth is not null and s.date_of_birth is not null then 'name and month of birth'
        when m.date_of_birth is null and s.date_of_birth is null
            then 'name only: no month of birth on either side'
        when m.date_of_birth is null then 'name only: Companies House gives no month of birth'
        else 'name only: the staff list gives no month of birth'
    end as person_match,
    m.date_of_birth is null or s.date_of_birth is null as name_only,
    coalesce(n.surname_staff, 0) as surname_staff,
    (select count(*) from staff) as staff_total
from matched as m
inner join staff as s on m.staff_id = s.staff_id
left join surnames as n on s.surname = n.surname;

-- view: xref_company_names
-- columns: rec_id (an officer or PSC row), name_id (a supplier name of any register that is the company),
--   by_number, score, band, method, explanation, pair
-- definition: The supplier names each officer's or PSC's company goes by in the run: the names carrying its
--   company number (a contract's or payment's supplier company number, the companies extract), and every name
--   the supplier matcher links to those or to the company name in the officers file (xref_links, every name
--   linked to itself). by_number says the company number itself joined them (method 'company_number', score
--   100); otherwise the matcher's link says how sure the match is.
create or replace view xref_company_names as
with seeds as (
    select
        p.rec_id,
        n.name_id,
        true as by_number
    from (
        select
            rec_id,
            company_number
        from stg_officers
        union all
        select
            rec_id,
            company_number
        from stg_psc
    ) as p
    inner join xref_names as n on p.company_number = n.company_number
    union all
    select
        p.rec_id,
        p.company_name_id,
        false
    from (
        select
            rec_id,
            company_name_id
        from stg_officers
        union all
        select
            rec_id,
            company_name_id
        from stg_psc
    ) as p
    where p.company_name_id is not null
),

reached as (
    select
        s.rec_id,
        l.name_b as name_id,
        s.by_number and l.name_a = l.name_b as by_number,
        case when s.by_number and l.name_a = l.name_b then 100.0 else l.score end as score,
        case when s.by_number and l.name_a = l.name_b then 'auto' else l.band end as band,
        case when s.by_number and l.name_a = l.name_b then 'company_number' else l.method end as method,
        case
            when s.by_number and l.name_a = l.name_b then 'the same company number as the Companies House record'
            else l.explanation
        end as explanation,
        [l.name_a, l.name_b] as pair
    from seeds as s
    inner join xref_links as l on s.name_id = l.name_a
)

-- the strongest way each name is reached: by the number, then by an automatic link, then by score (one arg_max of
-- the whole link, so every column describes the same one)
select
    rec_id,
    name_id,
    strongest.by_number,
    strongest.score,
    strongest.band,
    strongest.method,
    strongest.explanation,
    strongest.pair
from (
    select
        rec_id,
        name_id,
        arg_max(
            {
                'by_number': by_number,
                'score': score,
                'band': band,
                'method': method,
                'explanation': explanation,
                'pair': pair
            },
            (by_number, band = 'auto', score)
        ) as strongest
    from reached
    group by rec_id, name_id
)
