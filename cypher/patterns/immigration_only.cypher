// id: immigration_only
// title: Child known to immigration but to no health or education service
// description: >
//   A child with an immigration record and no record at all with a GP, hospital or school,
//   nor a record waiting in the match review queue as possibly the same child that has one.
// why: >
//   Children arriving through the immigration system (dependants, asylum seekers) can be
//   unknown to universal services, and so unseen; unaccompanied and trafficked children are
//   most at risk.
// severity: medium
// agencies: [immigration, gp, hospital, schools]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 1  # an incremental run re-checks changed people and those within 1 hop(s): a hit reads people one hop away (shared address or event, relative, pending review pair)
MATCH (r:PersonRecord {source_agency: 'immigration'})-[:RESOLVES_TO]->(p:Person)
WHERE p.dob > $as_of - duration({years: 18}) AND p.dob <= $as_of
  AND ($scope IS NULL OR p.person_id IN $scope)
  AND coalesce(p.status, 'active') = 'active'
WITH DISTINCT p
WHERE NOT EXISTS {
  MATCH (p)<-[:RESOLVES_TO]-(o:PersonRecord)
  WHERE o.source_agency IN ['gp', 'hospital', 'schools']
}
// nor has a record waiting in the match review queue as possibly the same child
AND NOT EXISTS {
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)
        <-[:CANDIDATE]-(undecided:ReviewPair WHERE undecided.status IN ['pending', 'waiting'])
        -[:CANDIDATE]->(:PersonRecord)-[:RESOLVES_TO]->(o:Person)
  MATCH (o)<-[:RESOLVES_TO]-(x:PersonRecord)
  WHERE o <> p AND x.source_agency IN ['gp', 'hospital', 'schools']
}
MATCH (p)<-[:RESOLVES_TO]-(r:PersonRecord {source_agency: 'immigration'})
OPTIONAL MATCH (r)-[:INVOLVED_IN]->(e:Event)
WHERE e.date <= $as_of
WITH p, collect(DISTINCT r) AS records, collect(DISTINCT e) AS events
RETURN p.person_id AS person_id, p.display_name AS display_name,
       size(records) + size(events) AS score,
       'Known to immigration (' + toString(size(records)) + ' record(s), ' +
         toString(size(events)) + ' event(s)) but to no GP, hospital or school' AS summary,
       [r IN records | {agency: r.source_agency, record_id: r.source_record_id,
         person_record_id: r.record_id, category: 'record', type: 'person_record'}] +
       [e IN events | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
