// id: cp_plan_no_visit
// title: Child on a plan with a gap in contact
// description: >
//   A child with a child protection or child in need plan open on as_of whose last recorded
//   social-care visit (or the plan's start, if never visited) is more than max_gap_days ago.
// why: >
//   Statutory visits are how a plan is seen to work; long gaps in contact recur in reviews
//   where harm went unnoticed (Working Together to Safeguard Children 2023: visits at least
//   every six weeks on a child protection plan, in practice every 10 working days).
// severity: high
// agencies: [social_care]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: max_gap_days, type: int, default: 42, min: 1, max: 365, description: Longest acceptable gap since the last visit}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 0  # an incremental run re-checks changed people and those within 0 hop(s): a hit reads its own records and events
MATCH (plan:Event {category: 'cp_plan'})
USING INDEX plan:Event(category)
WHERE plan.date <= $as_of AND (plan.end_date IS NULL OR plan.end_date > $as_of)
MATCH (plan)<-[:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE coalesce(p.status, 'active') = 'active' AND p.dob > $as_of - duration({years: 18})
  AND ($scope IS NULL OR p.person_id IN $scope)
WITH DISTINCT p, plan
WITH p, plan, COLLECT {
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(v:Event {category: 'cs_visit'})
  WHERE v.date >= plan.date AND v.date <= $as_of
  RETURN v ORDER BY v.date DESC LIMIT 1
} AS last_visit
WITH p, plan, last_visit, coalesce(head(last_visit).date, plan.date) AS last_contact
WHERE last_contact < $as_of - duration({days: $max_gap_days})
WITH p, plan, last_visit, last_contact, duration.inDays(last_contact, $as_of).days AS gap
ORDER BY gap DESC
WITH p, head(collect({plan: plan, visit: last_visit, last: last_contact, gap: gap})) AS worst
RETURN p.person_id AS person_id, p.display_name AS display_name, worst.gap AS score,
       'On ' + worst.plan.type + ' since ' + toString(worst.plan.date) + '; no visit for ' +
         toString(worst.gap) + ' days (last contact ' + toString(worst.last) + ')' AS summary,
       [e IN [worst.plan] + worst.visit | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
