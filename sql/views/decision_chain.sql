-- view: xref_decision_chain
-- columns: contract_rec_id, award_date (the contract's), staff_key, staff, role, named_as, role_rec_id
-- definition: Who had a part in each contract's award: every named member of staff in the contract roles register
--   against the contract whose reference (its own id, else file:row) is the same, ignoring case and spaces ("C 123"
--   is "c123"), with the role in lower case and "_"/"-" read as spaces; and each contract's own approver column, as
--   role "approver (contracts register)" (role_rec_id null). A flag about a gift to someone in a decision chain
--   (R002, R004, R006) reads the role; a flag about an interest or a leaver (R020, R022) says how the person is
--   named on the contract (named_as: the role, "named without a role" when the register gives none, or "approver"
--   for the contracts register's approver column).
create or replace view xref_decision_chain as
select
    c.rec_id as contract_rec_id,
    c.award_date,
    r.staff_key,
    r.staff,
    lower(regexp_replace(trim(r.role), '[\s_-]+', ' ', 'g')) as role,
    coalesce(nullif(lower(regexp_replace(trim(r.role), '[\s_-]+', ' ', 'g')), ''), 'named without a role') as named_as,
    r.rec_id as role_rec_id
from stg_contracts as c
inner join stg_contract_roles as r on upper(replace(r.contract_id, ' ', '')) = upper(replace(c.ref, ' ', ''))
where r.staff_key is not null
union all
select
    c.rec_id,
    c.award_date,
    c.approver_key,
    c.approver,
    'approver (contracts register)',
    'approver',
    null
from stg_contracts as c
where c.approver_key is not null;

-- macro: xref_decision_roles(role_patterns, awarded_from, awarded_to)
-- columns: contract_rec_id, staff_key, roles (the roles that count, joined), role_rec_ids (their roles-register
--   rows), is_approver
-- definition: Per contract and member of staff, the roles in xref_decision_chain that match one of role_patterns
--   (* matches any text; case ignored): who decided a contract, for R002 and R004. Only contracts awarded between
--   awarded_from and awarded_to (inclusive) are read: a rule names the awards it can report on, so the roles of the
--   rest of the register's history are not gathered (at national scale, five years of them).
create or replace macro xref_decision_roles(role_patterns, awarded_from, awarded_to) as table
    select
        ch.contract_rec_id,
        ch.staff_key,
        string_agg(distinct ch.role, ', ' order by ch.role) as roles,
        list(distinct ch.role_rec_id order by ch.role_rec_id) filter (where ch.role_rec_id is not null) as role_rec_ids,
        bool_or(ch.role like 'approv%') as is_approver
    from xref_decision_chain as ch
    where
        ch.award_date between awarded_from and awarded_to
        and exists (
            select 1
            from unnest(role_patterns::varchar[]) as x (pattern)
            where ch.role ilike replace(x.pattern, '*', '%')
        )
    group by ch.contract_rec_id, ch.staff_key
