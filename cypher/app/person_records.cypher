// description: Every agency's record of one subject (Person id, or an unresolved record's id), with
//   its provenance and the entity-resolution link that ties it to the Person (probability,
//   method, evidence JSON) - the "why are these one person" of the profile page.
// params: [key]
CALL () {
  MATCH (:Person {person_id: $key})<-[rt:RESOLVES_TO]-(r:PersonRecord) RETURN r, rt
  UNION
  MATCH (r:PersonRecord {record_id: $key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r, null AS rt
}
OPTIONAL MATCH (r)-[:RECORDED_BY]->(a:Agency)
RETURN properties(r) AS record, a.name AS agency_name,
       rt.probability AS probability, rt.method AS method, rt.evidence AS evidence
ORDER BY r.source_agency, r.record_id
