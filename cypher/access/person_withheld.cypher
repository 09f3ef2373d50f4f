// description: What the agreement withholds about one subject, per agency - whole records of
//   invisible agencies, and events of invisible agencies or event types. Counts only, so the
//   page can say "2 records withheld under agreement X" without revealing what they are.
// access: agreement
// purpose: required
// params: [key, visible_agencies, visible_event_types]
CALL () {
  MATCH (:Person {person_id: $key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: $key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
WITH collect(r) AS records
RETURN size([r IN records WHERE NOT r.source_agency IN $visible_agencies]) AS records,
       COUNT { UNWIND records AS r MATCH (r)-[:INVOLVED_IN]->(e:Event)
               WHERE NOT (r.source_agency IN $visible_agencies
                          AND e.source_agency IN $visible_agencies
                          AND [e.category, e.type] IN $visible_event_types)
               RETURN DISTINCT e } AS events
