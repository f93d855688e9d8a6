-- rule: R025
-- title: Approved business interest overdue for review
-- severity: low
-- needs: interests
-- definition: An approved second job or business interest (status approved, including approved with conditions)
--   still current at the end of the reporting period whose last review is more than review_months before the
--   period end, or whose recorded review due date has passed by then. The last review is the review date, else the
--   decision date, else the start date. Police forces approve business interests on condition that they are
--   reviewed (at least yearly in most force policies; ACPO guidance on business interests), because a job or
--   shareholding that was harmless when approved can come to conflict with the member of staff's duties or with a
--   supplier. This is register compliance, not misconduct, so it is low severity and for the register owner; the
--   months overdue are in the flag. A review date later than the period end counts as reviewed. Not in the rule catalogue,
--   where an overdue review only raises R019's severity. Interests with none of these dates cannot be checked.
-- rationale: {staff}'s {interest_status} interest in {organisation} ({interest_role}) was {last_review_basis} on
--   {last_review_date}; its review was due by {review_due} and is {months_overdue} month(s) ({days_overdue} days)
--   overdue at {period_end}.
-- param review_months: 12 | months after the last review (or the decision or start date) by which an approved interest must be reviewed again
-- coverage: approved interests current at the end of the period | stg_interests | status = 'approved' and (start_date is null or start_date <= $period_to) and (end_date is null or end_date >= $period_to) | coalesce(review_date, decision_date, start_date, review_due_date) is not null | have no review, decision, start or review due date
with current_approved as (
    select
        i.*,
        coalesce(i.review_date, i.decision_date, i.start_date) as last_review_date,
        case
            when i.review_date is not null then 'last reviewed'
            when i.decision_date is not null then 'approved'
            when i.start_date is not null then 'started, with no review or decision date recorded,'
        end as last_review_basis,
        cast(
            coalesce(i.review_date, i.decision_date, i.start_date) + to_months(cast($review_months as integer)) as date
        )
            as cycle_due_date
    from stg_interests as i
    where
        i.status = 'approved'
        and (i.start_date is null or i.start_date <= $period_to)
        and (i.end_date is null or i.end_date >= $period_to)
),

overdue as (
    select
        *,
        least(
            case when cycle_due_date < $period_to then cycle_due_date end,
            case when review_due_date < $period_to then review_due_date end
        ) as due_date
    from current_approved
)

select
    'interest:' || o.ref as subject_key,
    cast($period_to as date) as event_date,
    'low' as severity,
    o.staff,
    o.staff_key,
    o.ref as interest_ref,
    [o.rec_id] as evidence,
    list_filter(
        [
            case
                when datesub('month', o.due_date, cast($period_to as date)) >= 12
                    then { 'reason': 'review a year or more overdue', 'points': 5 }
            end
        ],
        lambda x: x is not null
    ) as points,
    o.organisation,
    coalesce(o.role, 'role not stated') as interest_role,
    lower(coalesce(o.status_raw, o.status)) as interest_status,
    coalesce(o.last_review_basis, 'never reviewed, with no decision or start date') as last_review_basis,
    o.last_review_date,
    o.review_due_date,
    o.due_date as review_due,
    datesub('month', o.due_date, cast($period_to as date)) as months_overdue,
    date_diff('day', o.due_date, cast($period_to as date)) as days_overdue,
    cast($period_to as date) as period_end
from overdue as o
where o.due_date is not null
