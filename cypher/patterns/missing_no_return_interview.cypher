// id: missing_no_return_interview
// title: Missing episode with no return interview
// description: >
//   A child's missing episode (a police missing-person report, or a missing episode recorded by
//   children's social care: SSD ssd_missing, SSDA903 missing) with no return home interview
//   recorded within due_days of the child's return (the episode's end_date or found_at, else
//   its start date). Interviews recorded as "Not offered" or "Pending" do not count; one
//   recorded for a record waiting in the match review queue as possibly the same child does.
// why: >
//   A return interview within 72 hours is where a child can say why they went missing and
//   where they were; without it exploitation and abuse go unheard.
// severity: medium
// agencies: [police, social_care]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: due_days, type: int, default: 3, min: 1, max: 30, description: Days allowed after return (72 hours = 3)}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: How far back episodes count}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 1  # an incremental run re-checks changed people and those within 1 hop(s): a hit reads people one hop away (shared address or event, relative, pending review pair)
CALL {
  MATCH (m:Event {category: 'police_incident', type: 'missing_person'}) RETURN m
  UNION
  MATCH (m:Event {category: 'missing_episode', type: 'missing'}) RETURN m
}
WITH m
WHERE m.date > $as_of - duration({days: $lookback_days})
  AND coalesce(m.end_date, date(m.found_at), m.date) <= $as_of - duration({days: $due_days})
MATCH (m)<-[inv:INVOLVED_IN]-(:PersonRecord)-[:RESOLVES_TO]->(c:Person)
WHERE NOT inv.role IN ['reporter', 'witness', 'suspect']
  AND c.dob > m.date - duration({years: 18}) AND coalesce(c.status, 'active') = 'active'
  AND ($scope IS NULL OR c.person_id IN $scope)
WITH DISTINCT m, c
WHERE NOT EXISTS {
  MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(ri:Event {category: 'return_interview'})
  WHERE ri.date >= m.date AND ri.date <= coalesce(m.end_date, date(m.found_at), m.date) + duration({days: $due_days})
    AND NOT toLower(coalesce(ri.outcome, '')) IN ['not offered', 'not_offered', 'pending']
}
// an interview on a record that may be the same child (an undecided match pair: pending, or waiting for the agency) counts
AND NOT EXISTS {
  MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)
        <-[:CANDIDATE]-(undecided:ReviewPair WHERE undecided.status IN ['pending', 'waiting'])
        -[:CANDIDATE]->(:PersonRecord)-[:RESOLVES_TO]->(o:Person)
  MATCH (o)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(ri:Event {category: 'return_interview'})
  WHERE o <> c AND ri.date >= m.date
    AND ri.date <= coalesce(m.end_date, date(m.found_at), m.date) + duration({days: $due_days})
    AND NOT toLower(coalesce(ri.outcome, '')) IN ['not offered', 'not_offered', 'pending']
}
WITH c, collect(m) AS episodes
RETURN c.person_id AS person_id, c.display_name AS display_name, size(episodes) AS score,
       toString(size(episodes)) + ' missing episode(s) with no return interview within ' +
         toString($due_days) + ' days, first ' + toString(head(episodes).date) AS summary,
       [e IN episodes | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
