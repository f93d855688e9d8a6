-- view: xref_card_merchants
-- columns: merchant_name (a card statement text, as staged), merchant_key
-- definition: The merchant that R011 (split purchases) and R015 (duplicate payments) group a card's payments by,
--   once per distinct statement text rather than once per payment: the smallest other name id that the matcher
--   linked automatically to the text's name (xref_links, band 'auto'), else 'text:' and the text in capitals with
--   a trailing order reference after '*' ignored (AMAZON.CO.UK*FN3J951L9 and AMAZON.CO.UK*2K4QX are one merchant).
--   A text's name id is a function of the text (xref/staging.py attach_name_ids), so the text alone is the key;
--   the texts are read from xref_names, which holds each once, rather than from five years of payments.
create or replace view xref_card_merchants as
with texts as (
    -- every staged card text, once: the matcher's names of the cards register (xref/staging.py supplier_names)
    select
        raw as merchant_name,
        name_id as merchant_name_id
    from xref_names
    where source = 'cards'
),

merchant_groups as (
    select
        l.name_a as name_id,
        min(l.name_b) as group_id
    from xref_links as l
    where
        l.band = 'auto'
        and l.name_a <> l.name_b
        and l.name_a in (select t.merchant_name_id from texts as t)
    group by l.name_a
)

select
    t.merchant_name,
    coalesce(
        g.group_id,
        'text:' || upper(regexp_replace(trim(t.merchant_name), '\s*\*\s*[A-Za-z0-9]*[0-9][A-Za-z0-9]*$', ''))
    ) as merchant_key
from texts as t
left join merchant_groups as g on t.merchant_name_id = g.name_id
