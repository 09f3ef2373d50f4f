// id: da_no_school_notification
// title: Domestic abuse with no Operation Encompass notification to the school
// description: >
//   A domestic abuse incident involving a child, or at an address where a child lived at the
//   time, while the child was on a school roll, with no Operation Encompass notification for
//   that child (or for a record waiting in the match review queue as possibly the same child)
//   within notify_days.
// why: >
//   Operation Encompass (a statutory duty since the Children and Social Work Act 2017
//   regulations, 2024) means the school knows before the next school day so a trusted adult
//   can support the child; a missed notification leaves the school blind.
// severity: medium
// agencies: [police, schools]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: notify_days, type: int, default: 1, min: 0, max: 14, description: Days allowed for the notification}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back incidents count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 1  # an incremental run re-checks changed people and those within 1 hop(s): a hit reads people one hop away (shared address or event, relative, pending review pair)
MATCH (da:Event {category: 'police_incident', type: 'domestic_abuse'})
WHERE da.date <= $as_of - duration({days: $notify_days})
  AND da.date > $as_of - duration({days: $lookback_days})
CALL (da) {
  MATCH (da)<-[inv:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(c:Person)
  WHERE NOT inv.role IN ['suspect', 'reporter', 'witness']
  RETURN c
  UNION
  MATCH (da)-[:OCCURRED_AT]->(:Address)<-[l:LIVES_AT]-(:PersonRecord)-[:RESOLVES_TO]->(c:Person)
  WHERE (l.from IS NULL OR l.from <= da.date) AND (l.to IS NULL OR l.to >= da.date)
  RETURN c
}
WITH DISTINCT da, c
WHERE c.dob > da.date - duration({years: 18}) AND coalesce(c.status, 'active') = 'active'
  AND ($scope IS NULL OR c.person_id IN $scope)
MATCH (c)<-[:RESOLVES_TO]-(sr:PersonRecord {source_agency: 'schools'})-[en:ENROLLED_AT]->(:Organisation)
WHERE (en.from IS NULL OR en.from <= da.date) AND (en.to IS NULL OR en.to >= da.date)
WITH da, c, collect(DISTINCT sr) AS pupil_records
WHERE NOT EXISTS {
  MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(n:Event {category: 'encompass_notification'})
  WHERE n.date >= da.date AND n.date <= da.date + duration({days: $notify_days})
}
// a notification on a record that may be the same child (an undecided match pair: pending, or waiting for the agency) counts
AND NOT EXISTS {
  MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)
        <-[:CANDIDATE]-(undecided:ReviewPair WHERE undecided.status IN ['pending', 'waiting'])
        -[:CANDIDATE]->(:PersonRecord)-[:RESOLVES_TO]->(o:Person)
  MATCH (o)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(n:Event {category: 'encompass_notification'})
  WHERE o <> c AND n.date >= da.date AND n.date <= da.date + duration({days: $notify_days})
}
WITH c, collect(da) AS incidents, collect(pupil_records) AS nested
WITH c, incidents, reduce(acc = [], rs IN nested | acc + [r IN rs WHERE NOT r IN acc]) AS pupils
RETURN c.person_id AS person_id, c.display_name AS display_name, size(incidents) AS score,
       toString(size(incidents)) + ' domestic abuse incident(s), first ' +
         toString(head(incidents).date) + ', with no school notification within ' +
         toString($notify_days) + ' day(s)' AS summary,
       [e IN incidents | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] +
       [r IN pupils | {agency: r.source_agency, record_id: r.source_record_id,
         person_record_id: r.record_id, category: 'record', type: 'pupil_record'}] AS evidence
