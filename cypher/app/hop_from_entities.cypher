// description: One hop of the person-level network from addresses, events and organisations -
//   the records linked to each (with the Person they resolve to, if any) and the places events
//   occurred at. At most $per_node links per key (limited before records are resolved to
//   people, so hubs stay cheap); `total` counts them all.
//   Only the properties the explorer shows are returned (whole nodes cost transfer time).
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
    RETURN rel, m LIMIT $per_node
    UNION ALL
    MATCH (n)-[rel:OCCURRED_AT]-(m)
    WHERE m:Address OR m:Organisation OR m:Event
    RETURN rel, m LIMIT $per_node
  }
  RETURN rel, m LIMIT $per_node
}
// resolve records to people only after the limit: a busy GP practice has thousands of links
OPTIONAL MATCH (m:PersonRecord)-[:RESOLVES_TO]->(mp:Person)
RETURN key AS from_key, total, type(rel) AS rel_type,
       rel {.role, .relation, .source_agency, .from, .to} AS rel_props,
       startNode(rel) = n AS outgoing,
       CASE WHEN m:PersonRecord THEN m.source_agency END AS record_agency,
       labels(m) AS labels,
       m {.record_id, .full_name, .forename, .surname, .source_agency, .address_id, .line1,
          .line2, .town, .postcode, .uprn, .org_id, .kind, .code, .name, .event_id, .category,
          .type, .description, .outcome, .source_record_id, .date, .end_date} AS props,
       mp.person_id AS person_id, mp.display_name AS person_name
