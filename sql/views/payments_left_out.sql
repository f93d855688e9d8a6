-- Payments that R026 leaves out, with why: one home for the rule and its coverage line (sql/rules/R026_*.sql).
--
-- A recurring payee is one paid in at least min_months distinct calendar months of the data, and in at least
-- min_share of the months from its first payment to its last: a standing relationship (energy and water bills,
-- agency staff, care packages, rent), whose invoices arriving close together are how it is billed, not one
-- purchase split. Amounts are not compared: a care home's or a utility's bills vary from month to month. min_months
-- 0 turns the test off. descriptions and suppliers are the reviewers' own lists ([rules.R026] exclude_descriptions,
-- exclude_suppliers: * matches any text, case ignored), matched on the payment's description (expense type or
-- category) and on the payee's name as written.
create or replace macro xref_payments_left_out(min_months, min_share, descriptions, suppliers) as table
    with payees as (
        select
            coalesce(p.supplier_name_id, 'text:' || lower(p.supplier_name)) as payee,
            count(distinct date_trunc('month', p.payment_date)) as months,
            date_diff('month', min(p.payment_date), max(p.payment_date)) + 1 as span
        from stg_payments as p
        where p.amount > 0 and p.payment_date is not null
        group by all
    ),

    recurring as (
        select y.payee
        from payees as y
        where min_months > 0 and y.months >= min_months and y.months >= min_share * y.span
    )

    select
        p.rec_id,
        case
            when exists (
                select 1 from unnest(suppliers::varchar[]) as x (pattern)
                where p.supplier_name ilike replace(x.pattern, '*', '%')
            ) then 'supplier listed in exclude_suppliers'
            when exists (
                select 1 from unnest(descriptions::varchar[]) as x (pattern)
                where p.description ilike replace(x.pattern, '*', '%')
            ) then 'description listed in exclude_descriptions'
            else 'recurring payee'
        end as reason
    from stg_payments as p
    where
        exists (
            select 1 from unnest(suppliers::varchar[]) as x (pattern)
            where p.supplier_name ilike replace(x.pattern, '*', '%')
        )
        or exists (
            select 1 from unnest(descriptions::varchar[]) as x (pattern)
            where p.description ilike replace(x.pattern, '*', '%')
        )
        or coalesce(p.supplier_name_id, 'text:' || lower(p.supplier_name)) in (select r.payee from recurring as r)
