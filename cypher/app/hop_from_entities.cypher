// description: One hop of the person-level network from addresses, events and organisations -
//   the records linked to each (with the Person they resolve to, if any) and the places events
//   occurred at. At most $per_node links per key; `total` counts them all.
// params: [keys, per_node]
UNWIND $keys AS key
CALL (key) {
  MATCH (n:Address {address_id: key}) RETURN n
  UNION
  MATCH (n:Event {event_id: key}) RETURN n
  UNION
  MATCH (n:Organisation {org_id: key}) RETURN n
}
WITH key, n,
     COUNT { (n)-[:LIVES_AT|INVOLVED_IN|ENROLLED_AT|REGISTERED_WITH|OCCURRED_AT]-() } AS total
CALL (n) {
  CALL (n) {
    MATCH (n)<-[rel:LIVES_AT|INVOLVED_IN|ENROLLED_AT|REGISTERED_WITH]-(m:PersonRecord)
    OPTIONAL MATCH (m)-[:RESOLVES_TO]->(mp:Person)
    RETURN rel, m, mp.person_id AS person_id, mp.display_name AS person_name,
           m.source_agency AS record_agency
    UNION
    MATCH (n)-[rel:OCCURRED_AT]-(m)
    WHERE m:Address OR m:Organisation OR m:Event
    RETURN rel, m, null AS person_id, null AS person_name, null AS record_agency
  }
  RETURN rel, m, person_id, person_name, record_agency LIMIT $per_node
}
RETURN key AS from_key, total, type(rel) AS rel_type, properties(rel) AS rel_props,
       startNode(rel) = n AS outgoing, record_agency,
       labels(m) AS labels, properties(m) AS props, person_id, person_name
