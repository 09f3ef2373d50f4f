// description: Every event any of the subject's records is involved in, across agencies, with
//   the role, the record and agency it came from and where it happened - the profile timeline.
// params: [key]
CALL () {
  MATCH (:Person {person_id: $key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: $key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
MATCH (r)-[inv:INVOLVED_IN]->(e:Event)
WITH e, collect(DISTINCT inv.role) AS roles, collect(DISTINCT r.record_id) AS record_ids
RETURN e.event_id AS event_id, e.category AS category, e.type AS type,
       toString(e.date) AS date, toString(e.end_date) AS end_date,
       e.description AS description, e.outcome AS outcome,
       e.source_agency AS agency, e.source_record_id AS source_record_id,
       toString(e.loaded_at) AS loaded_at, roles, record_ids,
       head(COLLECT { MATCH (e)-[:OCCURRED_AT]->(place)
                      RETURN coalesce(place.name, place.line1 + ', ' + place.postcode) }) AS place
ORDER BY date, event_id
