// id: ehe_during_cp
// title: Withdrawn to home education during a child protection enquiry or plan
// description: >
//   A child registered for elective home education while a section 47 enquiry or a child
//   protection plan was open.
// why: >
//   Withdrawal to home education can remove a child from the one professional who sees them
//   daily, at exactly the moment the local authority is most worried (Child Safeguarding
//   Practice Review Panel, 2024 briefing on children educated at home).
// severity: high
// agencies: [schools, social_care]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back withdrawals count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 0  # an incremental run re-checks changed people and those within 0 hop(s): a hit reads its own records and events
MATCH (h:Event {category: 'elective_home_education'})
WHERE h.date <= $as_of AND h.date > $as_of - duration({days: $lookback_days})
MATCH (h)<-[:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE coalesce(p.status, 'active') = 'active'
  AND ($scope IS NULL OR p.person_id IN $scope)
MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(cp:Event)
WHERE ((cp.category = 'cp_plan' AND cp.type = 'child_protection_plan')
       OR (cp.category = 'cs_assessment' AND cp.type = 's47_enquiry'))
  AND cp.date <= h.date AND (cp.end_date IS NULL OR cp.end_date >= h.date)
WITH p, collect(DISTINCT h) AS withdrawals, collect(DISTINCT cp) AS open_cases
RETURN p.person_id AS person_id, p.display_name AS display_name,
       size(withdrawals) + size(open_cases) AS score,
       'Withdrawn to home education on ' + toString(head(withdrawals).date) + ' while ' +
         head(open_cases).type + ' open since ' + toString(head(open_cases).date) AS summary,
       [e IN withdrawals + open_cases | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
