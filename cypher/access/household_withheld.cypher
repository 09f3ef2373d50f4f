// description: What the household and associates panel left out of a subject's household, by
//   agency, in agency records - other people's records of agencies the role may not see that
//   live (or lived) at an address a visible record of the subject lives at, that a visible
//   record of the subject is related to, or that share a visible event with one; and the
//   withheld records of the people the panel lists (`members`). Counts only,
//   never who they are; the subject's own withheld records are the profile's notice, not this.
// access: agreement
// purpose: required
// params: [key, members, visible_agencies, visible_event_types]
CALL () {
  MATCH (:Person {person_id: $key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: $key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
WITH collect(r) AS all_mine
WITH all_mine, [r IN all_mine WHERE r.source_agency IN $visible_agencies] AS mine
CALL (mine, all_mine) {
  UNWIND mine AS r1
  MATCH (r1)-[:LIVES_AT]->(:Address)<-[:LIVES_AT]-(r2:PersonRecord)
  WHERE NOT r2.source_agency IN $visible_agencies AND NOT r2 IN all_mine
  RETURN r2
  UNION
  UNWIND mine AS r1
  MATCH (r1)-[:RELATED_TO]-(r2:PersonRecord)
  WHERE NOT r2.source_agency IN $visible_agencies AND NOT r2 IN all_mine
  RETURN r2
  UNION
  UNWIND mine AS r1
  MATCH (r1)-[:INVOLVED_IN]->(e:Event)<-[:INVOLVED_IN]-(r2:PersonRecord)
  WHERE NOT r2.source_agency IN $visible_agencies AND NOT r2 IN all_mine
    AND e.source_agency IN $visible_agencies AND [e.category, e.type] IN $visible_event_types
  RETURN r2
  UNION
  UNWIND $members AS member
  MATCH (:Person {person_id: member})<-[:RESOLVES_TO]-(r2:PersonRecord)
  WHERE NOT r2.source_agency IN $visible_agencies AND NOT r2 IN all_mine
  RETURN r2
}
WITH r2.source_agency AS agency, count(DISTINCT r2) AS records
RETURN agency, 'agency' AS reason, records ORDER BY agency
