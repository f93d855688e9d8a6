-- Candidate pairs for the supplier-name matcher (matching.md §5.3), one row per unordered pair (name_a < name_b).
-- Blocking rules, unioned:
--   key             equal key or alias key. Register names: every pair. Card strings: each one to a single anchor
--                   (a register name with that key if there is one), because one merchant can have thousands of
--                   card spellings and clustering makes the link transitive anyway.
--   token           a shared key token held by at most $df_cap names (rarer words block; common ones are
--                   "dynamic stopwords"). Two card strings are never paired this way.
--   prefix          a card string and a register name whose compact forms share the first $prefix_len characters
--                   (cut-off or run-together card strings).
--   compact         register names whose core words run together are the same ("GatenbySanderson" / "Gatenby
--                   Sanderson"); two card strings are never paired this way.
--   company_number  the same Companies House number; vat_number: the same VAT number.
--   override        a reviewer decided the pair.
-- Inputs: xref_match_names, xref_match_tokens, xref_match_keys, xref_match_forced (built by xref/matching.py).
-- params: df_cap, prefix_len
with
name_count as (
    select count(*)::double as n from xref_match_names
),

token_idf as (
    select
        t.token,
        count(*) as df,
        ln(any_value(n.n) / count(*)) + 1 as idf,
        count(*) <= $df_cap as is_rare
    from xref_match_tokens as t
    cross join name_count as n
    group by t.token
),

key_anchor as (
    select
        k.key,
        coalesce(min(k.name_id) filter (where not k.is_card), min(k.name_id)) as anchor
    from xref_match_keys as k
    group by k.key
),

by_key as (
    select
        a.name_id as name_a,
        b.name_id as name_b,
        a.key as matched_key,
        'key' as rule
    from xref_match_keys as a
    inner join xref_match_keys as b on a.key = b.key and a.name_id < b.name_id
    where not a.is_card and not b.is_card
    union all
    select
        least(k.name_id, a.anchor) as name_a,
        greatest(k.name_id, a.anchor) as name_b,
        k.key as matched_key,
        'key' as rule
    from xref_match_keys as k
    inner join key_anchor as a on k.key = a.key
    where k.is_card and k.name_id <> a.anchor
),

by_token as (
    select distinct
        a.name_id as name_a,
        b.name_id as name_b,
        null::varchar as matched_key,
        'token' as rule
    from xref_match_tokens as a
    inner join token_idf as t on a.token = t.token
    inner join xref_match_tokens as b on a.token = b.token and a.name_id < b.name_id
    where t.is_rare and not (a.is_card and b.is_card)
),

by_prefix as (
    select
        least(c.name_id, r.name_id) as name_a,
        greatest(c.name_id, r.name_id) as name_b,
        null::varchar as matched_key,
        'prefix' as rule
    from xref_match_names as c
    inner join xref_match_names as r
        on substr(c.compact, 1, $prefix_len) = substr(r.compact, 1, $prefix_len)
    where
        c.is_card
        and not r.is_card
        and length(c.compact) >= $prefix_len
        and length(r.compact) >= $prefix_len
),

by_compact as (
    select
        a.name_id as name_a,
        b.name_id as name_b,
        null::varchar as matched_key,
        'compact' as rule
    from xref_match_names as a
    inner join xref_match_names as b on a.compact = b.compact and a.name_id < b.name_id
    where
        not (a.is_card and b.is_card)
        and length(a.compact) >= $prefix_len
),

by_identifier as (
    select
        a.name_id as name_a,
        b.name_id as name_b,
        null::varchar as matched_key,
        'company_number' as rule
    from xref_match_names as a
    inner join xref_match_names as b on a.company_number = b.company_number and a.name_id < b.name_id
    union all
    select
        a.name_id as name_a,
        b.name_id as name_b,
        null::varchar as matched_key,
        'vat_number' as rule
    from xref_match_names as a
    inner join xref_match_names as b on a.vat_number = b.vat_number and a.name_id < b.name_id
),

by_override as (
    select
        f.name_a,
        f.name_b,
        null::varchar as matched_key,
        'override' as rule
    from xref_match_forced as f
),

candidates as (
    select
        u.name_a,
        u.name_b,
        max(u.matched_key) as matched_key,
        list(distinct u.rule order by u.rule) as rules
    from (
        select * from by_key
        union all
        select * from by_token
        union all
        select * from by_prefix
        union all
        select * from by_compact
        union all
        select * from by_identifier
        union all
        select * from by_override
    ) as u
    group by u.name_a, u.name_b
),

shared as (
    select
        c.name_a,
        c.name_b,
        sum(t.idf) as shared_idf,
        bool_or(t.is_rare) as shares_rare_token,
        min(t.df) as min_shared_df,
        list(ta.token order by t.idf desc, ta.token) as shared_tokens
    from candidates as c
    inner join xref_match_tokens as ta on c.name_a = ta.name_id
    inner join xref_match_tokens as tb on c.name_b = tb.name_id and ta.token = tb.token
    inner join token_idf as t on ta.token = t.token
    group by c.name_a, c.name_b
),

idf_total as (
    select
        tk.name_id,
        sum(t.idf) as total_idf
    from xref_match_tokens as tk
    inner join token_idf as t on tk.token = t.token
    group by tk.name_id
)

select
    c.name_a,
    c.name_b,
    c.rules,
    c.matched_key,
    coalesce(s.shared_idf, 0) as shared_idf,
    coalesce(s.shares_rare_token, false) as shares_rare_token,
    s.min_shared_df,
    coalesce(s.shared_tokens, []::varchar []) as shared_tokens,
    coalesce(ia.total_idf, 0) as idf_a,
    coalesce(ib.total_idf, 0) as idf_b
from candidates as c
left join shared as s on c.name_a = s.name_a and c.name_b = s.name_b
left join idf_total as ia on c.name_a = ia.name_id
left join idf_total as ib on c.name_b = ib.name_id
