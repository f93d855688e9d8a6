-- Candidate pairs for the supplier-name matcher (matching.md §5.3), one row per unordered pair (name_a < name_b).
-- Blocking rules, unioned (each sets one bit of rule_bits; xref/matching.py names them):
--   key      (1)    equal key or alias key. Register names: every pair. Card strings: each one to a single anchor
--                   (a register name with that key if there is one), because one merchant can have thousands of
--                   card spellings and clustering makes the link transitive anyway.
--   token    (2)    a shared key token held by at most $df_cap names (rarer words block; common ones are
--                   "dynamic stopwords"). Two card strings are never paired this way.
--   prefix   (4)    a card string and a register name whose compact forms share the first $prefix_len characters
--                   (cut-off or run-together card strings), when at most $prefix_cap register names start that
--                   way (a longer block, "london...", is a common word, not a cut-off name: dropped).
--   compact  (8)    register names whose core words run together are the same ("GatenbySanderson" / "Gatenby
--                   Sanderson"); two card strings are never paired this way.
--   company_number (16)  the same Companies House number; vat_number (32): the same VAT number.
--   override (64)   a reviewer decided the pair.
--   typo    (128)   a rare word in one name is one letter away from a rare word in the other ("seimens").
--   initials (256)  a register name that is one word of 3-8 letters without a legal form ("TUC") and a register
--                   name of at least three words whose initials those letters are ("Trades Union Congress";
--                   xref/names.py initials).
-- Names are integer ids here (their rank in name_id order, so name_a < name_b holds for both).
-- Inputs: xref_match_names, xref_match_tokens, xref_match_keys, xref_match_initials, xref_match_forced,
-- xref_match_corpus (built by xref/matching.py).
-- Output: the pairs, the rules that proposed them, the words they share and each name's total idf.
-- params: df_cap, prefix_len, prefix_cap, distinctive_df, unusual_df, typo_min_len
with
name_count as (
    select count(*)::double as n from xref_match_names
),

token_idf as (
    select
        t.token,
        count(*) as df,
        ln(any_value(n.n) / count(*)) + 1 as idf,
        count(*) <= $df_cap as is_rare,
        -- a word many names hold, in this run or in UK organisation names at large (xref/data/org_word_frequency.csv)
        count(*) > $distinctive_df or coalesce(any_value(c.is_common), false) as is_common,
        -- ...or a word so rare in UK organisation names that it alone says which organisation a name is
        count(*) <= $distinctive_df and coalesce(any_value(c.corpus_df), 0) <= $unusual_df
        and not coalesce(any_value(c.is_common), false) and length(t.token) >= 4 as is_unusual
    from xref_match_tokens as t
    cross join name_count as n
    left join xref_match_corpus as c on t.token = c.token
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
        1 as rule
    from xref_match_keys as a
    inner join xref_match_keys as b on a.key = b.key and a.name_id < b.name_id
    where not a.is_card and not b.is_card
    union all
    select
        least(k.name_id, a.anchor) as name_a,
        greatest(k.name_id, a.anchor) as name_b,
        k.key as matched_key,
        1 as rule
    from xref_match_keys as k
    inner join key_anchor as a on k.key = a.key
    where k.is_card and k.name_id <> a.anchor
),

rare_tokens as (
    select
        t.name_id,
        t.token,
        t.is_card
    from xref_match_tokens as t
    semi join token_idf as i on t.token = i.token and i.is_rare
),

by_token as (
    select distinct
        a.name_id as name_a,
        b.name_id as name_b,
        null::varchar as matched_key,
        2 as rule
    from rare_tokens as a
    inner join rare_tokens as b on a.token = b.token and a.name_id < b.name_id
    where not (a.is_card and b.is_card)
),

register_prefix as (
    select
        r.name_id,
        substr(r.compact, 1, $prefix_len) as head
    from xref_match_names as r
    where not r.is_card and length(r.compact) >= $prefix_len
),

prefix_block as (
    select p.head
    from register_prefix as p
    group by p.head
    having count(*) <= $prefix_cap
),

by_prefix as (
    select
        least(c.name_id, r.name_id) as name_a,
        greatest(c.name_id, r.name_id) as name_b,
        null::varchar as matched_key,
        4 as rule
    from xref_match_names as c
    inner join register_prefix as r on substr(c.compact, 1, $prefix_len) = r.head
    semi join prefix_block as pb on r.head = pb.head
    where
        c.is_card
        and length(c.compact) >= $prefix_len
),

by_compact as (
    select
        a.name_id as name_a,
        b.name_id as name_b,
        null::varchar as matched_key,
        8 as rule
    from xref_match_names as a
    inner join xref_match_names as b on a.compact = b.compact and a.name_id < b.name_id
    where
        not (a.is_card and b.is_card)
        and length(a.compact) >= $prefix_len
),

-- One-letter slips in a rare word ("seimens" / "siemens"): words of at least $typo_min_len letters that become one
-- another by deleting at most one letter from each (symmetric deletion, as SymSpell does), confirmed by the
-- Damerau-Levenshtein distance.
typo_variants as (
    select
        r.token,
        substr(r.token, 1, r.i) || substr(r.token, r.i + 2) as variant
    from (
        select
            t.token,
            unnest(range(length(t.token))) as i
        from token_idf as t
        where t.is_rare and length(t.token) >= $typo_min_len and not regexp_matches(t.token, '[0-9]')
    ) as r
    union all
    select
        t.token,
        t.token as variant
    from token_idf as t
    where t.is_rare and length(t.token) >= $typo_min_len and not regexp_matches(t.token, '[0-9]')
),

typo_words as (
    select distinct
        a.token as token_a,
        b.token as token_b
    from typo_variants as a
    inner join typo_variants as b on a.variant = b.variant and a.token < b.token
    where damerau_levenshtein(a.token, b.token) <= 1
),

by_typo as (
    select distinct
        least(x.name_id, y.name_id) as name_a,
        greatest(x.name_id, y.name_id) as name_b,
        null::varchar as matched_key,
        128 as rule
    from typo_words as w
    inner join rare_tokens as x on w.token_a = x.token
    inner join rare_tokens as y on w.token_b = y.token
    where x.name_id <> y.name_id and not (x.is_card and y.is_card)
),

by_identifier as (
    select
        a.name_id as name_a,
        b.name_id as name_b,
        null::varchar as matched_key,
        16 as rule
    from xref_match_names as a
    inner join xref_match_names as b on a.company_number = b.company_number and a.name_id < b.name_id
    union all
    select
        a.name_id as name_a,
        b.name_id as name_b,
        null::varchar as matched_key,
        32 as rule
    from xref_match_names as a
    inner join xref_match_names as b on a.vat_number = b.vat_number and a.name_id < b.name_id
),

by_initials as (
    select distinct
        least(a.name_id, i.name_id) as name_a,
        greatest(a.name_id, i.name_id) as name_b,
        null::varchar as matched_key,
        256 as rule
    from xref_match_names as a
    inner join xref_match_initials as i on a.acronym = i.initials
    where
        not a.is_card
        and a.name_id <> i.name_id
        and regexp_full_match(a.acronym, '[a-z]{3,8}')
),

by_override as (
    select
        f.name_a,
        f.name_b,
        null::varchar as matched_key,
        64 as rule
    from xref_match_forced as f
),

candidates as materialized (
    select
        u.name_a,
        u.name_b,
        max(u.matched_key) as matched_key,
        bit_or(u.rule)::usmallint as rule_bits
    from (
        select * from by_key
        union all
        select * from by_token
        union all
        select * from by_prefix
        union all
        select * from by_compact
        union all
        select * from by_typo
        union all
        select * from by_identifier
        union all
        select * from by_initials
        union all
        select * from by_override
    ) as u
    group by u.name_a, u.name_b
),

-- The words each pair shares: the pair with name_a's words first (a few per name), then only those name_b also has.
-- (Joining the token table to itself on every token before meeting the candidates makes hundreds of millions of
-- rows on a big file.)
pair_tokens as materialized (
    select
        c.name_a,
        c.name_b,
        ta.token
    from candidates as c
    inner join xref_match_tokens as ta on c.name_a = ta.name_id
),

shared as (
    select
        p.name_a,
        p.name_b,
        sum(t.idf) as shared_idf,
        bool_or(t.is_rare) as shares_rare_token,
        min(t.df) as min_shared_df,
        count(*) filter (where not t.is_common) as shared_distinctive,
        count(*) filter (where t.is_unusual) as shared_unusual,
        list(p.token order by t.idf desc, p.token) as shared_tokens
    from pair_tokens as p
    semi join xref_match_tokens as tb on p.name_b = tb.name_id and p.token = tb.token
    inner join token_idf as t on p.token = t.token
    group by p.name_a, p.name_b
),

idf_total as (
    select
        tk.name_id,
        sum(t.idf) as total_idf,
        count(*) filter (where not t.is_common) as distinctive
    from xref_match_tokens as tk
    inner join token_idf as t on tk.token = t.token
    group by tk.name_id
)

select
    c.name_a,
    c.name_b,
    c.rule_bits,
    c.matched_key,
    coalesce(s.shared_idf, 0) as shared_idf,
    coalesce(s.shares_rare_token, false) as shares_rare_token,
    s.min_shared_df,
    coalesce(s.shared_tokens, []::varchar[]) as shared_tokens,
    coalesce(s.shared_distinctive, 0) as shared_distinctive,
    coalesce(s.shared_unusual, 0) as shared_unusual,
    coalesce(ia.total_idf, 0) as idf_a,
    coalesce(ib.total_idf, 0) as idf_b,
    coalesce(ia.distinctive, 0) as distinctive_a,
    coalesce(ib.distinctive, 0) as distinctive_b
from candidates as c
left join shared as s on c.name_a = s.name_a and c.name_b = s.name_b
left join idf_total as ia on c.name_a = ia.name_id
left join idf_total as ib on c.name_b = ib.name_id
