-- rule: R009
-- title: Gift or hospitality accepted above the approval threshold without independent approval
-- severity: medium
-- needs: gifts
-- definition: An offer accepted with a value above approval_threshold_gbp where no approver is recorded, or where
--   the approver is the recipient themselves. Force policies require acceptances above a threshold to be approved
--   by someone else (Northamptonshire: above £25, the PFCC or Chief Executive; Gwent: the Head of PSD). A register
--   file that records no approver on any row probably has no approver column at all: its rows cannot be told apart
--   from "approval not recorded", so by default they are not flagged but counted as not checkable (set
--   flag_files_without_approvers = true to flag them as "no approver recorded", still medium). Values are the
--   lower bound of a range, and an approver written as "N/A" or "Not required" counts as none; accepted offers with no usable value cannot be checked. People are matched exactly.
--   The approver is compared with the recipient by name, or through the staff list when the recipient was
--   matched to it. Reported when the offer date falls in the reporting period.
-- rationale: {staff} accepted {gift_kind} ({gift_description}; value {gift_value}) from {offeror} on
--   {offer_date}, above the £{approval_threshold} approval threshold, and {approval_problem}.
-- param approval_threshold_gbp: 25.0 | accepting an offer worth more than this (£) needs someone else's approval
-- param flag_files_without_approvers: false | also flag rows of register files that record no approver on any row (true), instead of counting them as not checkable (false)
-- param no_approver_words: ["n/a", "na", "none", "nil", "-", "unknown", "not known", "tbc", "not required", "not applicable", "not recorded"] | approver texts that mean no approver (whole text, case ignored)
-- coverage: accepted offers in the period | stg_gifts | status = 'accepted' and offer_date between $period_from and $period_to | value is not null | have no usable value
-- coverage: accepted offers above the approval threshold in the period | stg_gifts | status = 'accepted' and value > $approval_threshold_gbp and offer_date between $period_from and $period_to | $flag_files_without_approvers or source_file in (select source_file from stg_gifts where approver is not null) | come from register files that record no approver
select
    'gift:' || g.ref as subject_key,
    g.offer_date as event_date,
    'medium' as severity,
    g.recipient as staff,
    g.recipient_key as staff_key,
    g.ref as gift_ref,
    [g.rec_id] as evidence,
    g.offeror,
    g.offer_date,
    g.kind as gift_kind,
    coalesce(g.description, 'not described') as gift_description,
    g.value as gift_value,
    g.approver,
    format('{:,.2f}', $approval_threshold_gbp) as approval_threshold,
    case
        when g.approver is null then 'no approver is recorded'
        when not self_approved
            then 'the approver is given as ''' || g.approver || ''''
        else 'the approver recorded (' || g.approver || ') is the recipient themselves'
    end as approval_problem
from (
    select
        g.*,
        coalesce(g.approver_key = g.recipient_key, false) or exists (
            select 1
            from stg_staff as s
            where
                g.recipient_key = 'staff:' || upper(s.staff_id)
                and (s.name_key = g.approver_key or s.staff_id_key = upper(replace(g.approver, ' ', '')))
        ) as self_approved
    from stg_gifts as g
) as g
where
    g.status = 'accepted'
    and g.value > $approval_threshold_gbp
    and g.offer_date between $period_from and $period_to
    and (
        g.self_approved
        or lower(trim(g.approver)) in (select lower(x.word) from unnest($no_approver_words::varchar[]) as x (word))
        or (
            g.approver is null
            and (
                $flag_files_without_approvers
                or g.source_file in (
                    select a.source_file from stg_gifts as a
                    where a.approver is not null
                )
            )
        )
    )
