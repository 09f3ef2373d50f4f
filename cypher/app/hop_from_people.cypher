// description: One hop of the person-level network - for each subject key (Person id or an
//   unresolved record id), the addresses, events, organisations and related people its records
//   link to; a related record comes with the Person it resolves to, if any. At most $per_node
//   links per key are returned; `total` counts them all so the app can say what it left out.
//   Only the properties the explorer shows are returned (whole nodes cost transfer time).
// params: [keys, per_node]
UNWIND $keys AS key
CALL (key) {
  MATCH (:Person {person_id: key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
WITH key, collect(r) AS records
WITH key, records,
     reduce(n = 0, x IN records |
       n + COUNT { (x)-[:LIVES_AT|INVOLVED_IN|ENROLLED_AT|REGISTERED_WITH|RELATED_TO]-() })
       AS total
CALL (records) {
  UNWIND records AS r
  MATCH (r)-[rel:LIVES_AT|INVOLVED_IN|ENROLLED_AT|REGISTERED_WITH|RELATED_TO]-(n)
  WHERE n:Address OR n:Event OR n:Organisation OR n:PersonRecord
  RETURN r, rel, n LIMIT $per_node
}
OPTIONAL MATCH (n)-[:RESOLVES_TO]->(np:Person)
RETURN key AS from_key, total, type(rel) AS rel_type,
       rel {.role, .relation, .source_agency, .from, .to} AS rel_props,
       startNode(rel) = r AS outgoing, r.source_agency AS record_agency,
       labels(n) AS labels,
       n {.record_id, .full_name, .forename, .surname, .source_agency, .address_id, .line1,
          .line2, .town, .postcode, .uprn, .org_id, .kind, .code, .name, .event_id, .category,
          .type, .description, .outcome, .source_record_id, .date, .end_date} AS props,
       np.person_id AS person_id, np.display_name AS person_name
