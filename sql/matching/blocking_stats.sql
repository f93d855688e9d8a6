-- Blocking statistics for the run summary (like Splink's comparison counts): the commonest words dropped as
-- blocking keys, the largest blocks that were kept, the card-prefix blocks dropped for holding too many register
-- names (those some card string starts with; names = register names), and the largest groups of names sharing one key.
-- params: df_cap, prefix_len, prefix_cap
with
token_df as (
    select
        t.token,
        count(*) as df,
        count(*) filter (where t.is_card) as card_df
    from xref_match_tokens as t
    group by t.token
),

dropped as (
    select
        'dropped_token' as kind,
        d.token as block,
        d.df as names
    from token_df as d
    where d.df > $df_cap
    order by d.df desc, d.token
    limit 20
),

kept as (
    select
        'token_block' as kind,
        d.token as block,
        d.df as names
    from token_df as d
    where d.df <= $df_cap
    order by d.df desc, d.token
    limit 10
),

prefix_groups as (
    select
        substr(r.compact, 1, $prefix_len) as head,
        count(*) as names
    from xref_match_names as r
    where not r.is_card and length(r.compact) >= $prefix_len
    group by 1
),

dropped_prefix as (
    select
        'dropped_prefix' as kind,
        p.head as block,
        p.names
    from prefix_groups as p
    where
        p.names > $prefix_cap
        and exists (
            select 1
            from xref_match_names as c
            where c.is_card and length(c.compact) >= $prefix_len and substr(c.compact, 1, $prefix_len) = p.head
        )
    order by p.names desc, p.head
    limit 20
),

key_groups as (
    select
        'key_block' as kind,
        k.key as block,
        count(*) as names
    from xref_match_keys as k
    group by k.key
    order by count(*) desc, k.key
    limit 10
)

select * from dropped
union all
select * from kept
union all
select * from dropped_prefix
union all
select * from key_groups
