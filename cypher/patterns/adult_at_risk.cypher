// id: adult_at_risk
// title: "Adult at risk: self-harm, benefit sanction and victimisation"
// description: >
//   An adult with a self-harm A&E attendance, a benefit sanction and a police incident as a
//   victim, the sanction and the incident within window_days of the self-harm.
// why: >
//   Self-harm alongside financial crisis and victimisation marks an adult at risk of abuse,
//   neglect or suicide (Care Act 2014 s42; DWP safeguarding reviews after sanctions).
// severity: high
// agencies: [hospital, benefits, police]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: window_days, type: int, default: 180, min: 7, max: 730, description: Sanction and victimisation within this many days of the self-harm}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back attendances count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 0  # an incremental run re-checks changed people and those within 0 hop(s): a hit reads its own records and events
MATCH (sh:Event {category: 'ae_attendance', type: 'self_harm'})
WHERE sh.date <= $as_of AND sh.date > $as_of - duration({days: $lookback_days})
MATCH (sh)<-[:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE p.dob <= $as_of - duration({years: 18}) AND coalesce(p.status, 'active') = 'active'
  AND ($scope IS NULL OR p.person_id IN $scope)
WITH DISTINCT p, sh
CALL (p, sh) {
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[inv:INVOLVED_IN]->(e:Event)
  WHERE e.date <= $as_of AND abs(duration.inDays(sh.date, e.date).days) <= $window_days
    AND ((e.category = 'benefit_sanction')
         OR (e.category = 'police_incident' AND inv.role = 'victim'))
  RETURN collect(DISTINCT e) AS others
}
WITH p, sh, [e IN others WHERE e.category = 'benefit_sanction'] AS sanctions,
     [e IN others WHERE e.category = 'police_incident'] AS victimised
WHERE size(sanctions) > 0 AND size(victimised) > 0
WITH p, collect(sh) AS harms, collect(sanctions + victimised) AS nested
WITH p, harms, reduce(acc = [], es IN nested | acc + [e IN es WHERE NOT e IN acc]) AS others
RETURN p.person_id AS person_id, p.display_name AS display_name,
       size(harms) + size(others) AS score,
       toString(size(harms)) + ' self-harm attendance(s) with a benefit sanction and ' +
         'victimisation within ' + toString($window_days) + ' days' AS summary,
       [e IN harms + others | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
