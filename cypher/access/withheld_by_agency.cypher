// description: What the agreement withholds about some subjects, by agency and reason, in one
//   unit - agency records (a person record or an event an agency recorded) - records of agencies
//   the role may not see (`agency`), events of types it may not see (`event_type`), and events
//   seen only through a withheld record (counted under that record's agency). Counts only, never
//   what they are, so every page can say which agency's records are withheld and why. A key
//   with no visible record (a forged id, a withheld agency's record) counts nothing - its
//   existence is not revealed.
// access: agreement
// purpose: required
// params: [keys, visible_agencies, visible_event_types]
UNWIND $keys AS key
CALL (key) {
  MATCH (:Person {person_id: key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
WITH key, collect(r) AS mine
WHERE any(r IN mine WHERE r.source_agency IN $visible_agencies)  // a subject the viewer sees
UNWIND mine AS r
WITH collect(DISTINCT r) AS records
CALL (records) {
  UNWIND records AS r
  WITH r WHERE NOT r.source_agency IN $visible_agencies
  RETURN r.source_agency AS agency, 'agency' AS reason, r.record_id AS item
  UNION
  UNWIND records AS r
  MATCH (r)-[:INVOLVED_IN]->(e:Event)
  WHERE NOT (r.source_agency IN $visible_agencies AND e.source_agency IN $visible_agencies
             AND [e.category, e.type] IN $visible_event_types)
  RETURN CASE WHEN e.source_agency IN $visible_agencies AND NOT r.source_agency IN $visible_agencies
              THEN r.source_agency ELSE e.source_agency END AS agency,
         CASE WHEN e.source_agency IN $visible_agencies AND r.source_agency IN $visible_agencies
              THEN 'event_type' ELSE 'agency' END AS reason,
         e.event_id AS item
}
WITH agency, reason, count(DISTINCT item) AS records
RETURN agency, reason, records ORDER BY agency, reason
