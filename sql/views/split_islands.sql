-- macros: xref_split_islands, xref_split_members, xref_split_weakest_links
-- definition: The "split below a threshold" test that R017 (contracts) and R026 (payments) share. A rule names its
--   own candidates table (a CTE of the rule) holding supplier_group, threshold_gbp, award_date (the award's or the
--   payment's date), value, ref and supplier_name_id, one row per candidate and threshold it is below:
--   * xref_split_islands: every window of window_days that starts at a candidate and holds at least two worth the
--     threshold, with overlapping windows merged into runs ("islands": a new run starts when a window opens after
--     every earlier one has closed): supplier_group, threshold_gbp, island_start, island_end.
--   * xref_split_members: the candidates of the runs that end in the period, with island_start and island_end.
--   * xref_split_weakest_links: per run whose members name the supplier differently, the weakest automatic link
--     that joined them (score, method, explanation, pair), for the case card's "why the names matched".
create or replace macro xref_split_islands(candidates, window_days) as table
    with split_windows as (
        select
            a.supplier_group,
            a.threshold_gbp,
            a.award_date as window_start,
            max(b.award_date) as window_last
        from query_table(candidates) as a
        inner join query_table(candidates) as b
            on
                a.supplier_group = b.supplier_group
                and a.threshold_gbp = b.threshold_gbp
                and b.award_date between a.award_date and a.award_date + cast(window_days as integer)
        group by a.supplier_group, a.threshold_gbp, a.award_date, a.ref
        having count(*) >= 2 and sum(b.value) >= a.threshold_gbp
    )

    select
        supplier_group,
        threshold_gbp,
        min(window_start) as island_start,
        max(window_last) as island_end
    from (
        select
            *,
            sum(case when window_start > previous_last then 1 else 0 end) over (
                partition by supplier_group, threshold_gbp order by window_start
            ) as island
        from (
            select
                *,
                coalesce(
                    max(window_last) over (
                        partition by supplier_group, threshold_gbp
                        order by window_start
                        rows between unbounded preceding and 1 preceding
                    ),
                    window_start
                ) as previous_last
            from split_windows
        )
    )
    group by supplier_group, threshold_gbp, island;

create or replace macro xref_split_members(candidates, window_days, period_from, period_to) as table
    select
        i.island_start,
        i.island_end,
        c.*
    from xref_split_islands(candidates, window_days) as i
    inner join query_table(candidates) as c
        on
            i.supplier_group = c.supplier_group
            and i.threshold_gbp = c.threshold_gbp
            and c.award_date between i.island_start and i.island_end
    where i.island_end between period_from and period_to;

create or replace macro xref_split_weakest_links(members) as table
    select
        a.supplier_group,
        a.threshold_gbp,
        a.island_start,
        min(l.score) as score,
        arg_min(l.method, (l.score, l.band = 'auto', l.name_a, l.name_b)) as method,
        arg_min(l.explanation, (l.score, l.band = 'auto', l.name_a, l.name_b)) as explanation,
        arg_min([l.name_a, l.name_b], (l.score, l.band = 'auto', l.name_a, l.name_b)) as pair
    from query_table(members) as a
    inner join query_table(members) as b
        on
            a.supplier_group = b.supplier_group
            and a.threshold_gbp = b.threshold_gbp
            and a.island_start = b.island_start
            and a.supplier_name_id < b.supplier_name_id
    inner join xref_links as l on a.supplier_name_id = l.name_a and b.supplier_name_id = l.name_b
    group by a.supplier_group, a.threshold_gbp, a.island_start
