-- Blocking statistics for the run summary (like Splink's comparison counts): the commonest words dropped as
-- blocking keys, the largest blocks that were kept, and the largest groups of names sharing one key.
-- params: df_cap
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
select * from key_groups
