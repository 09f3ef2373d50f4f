// description: People one hop from some people, as the scoped patterns read a neighbourhood -
//   sharing an address or an event, related, on a pending review pair together, or living
//   where the other's event happened (either way). Organisations (schools, GP practices) are
//   not hops - no pattern connects people through one.
// params: [person_ids]
UNWIND $person_ids AS person_id
MATCH (:Person {person_id: person_id})<-[:RESOLVES_TO]-(r:PersonRecord)
CALL (r) {
  MATCH (r)-[:LIVES_AT]->(:Address)<-[:LIVES_AT]-(o:PersonRecord)
  RETURN o
  UNION
  MATCH (r)-[:INVOLVED_IN]->(:Event)<-[:INVOLVED_IN]-(o:PersonRecord)
  RETURN o
  UNION
  MATCH (r)-[:RELATED_TO]-(o:PersonRecord)
  RETURN o
  UNION
  MATCH (r)<-[:CANDIDATE]-(:ReviewPair {status: 'pending'})-[:CANDIDATE]->(o:PersonRecord)
  RETURN o
  UNION
  MATCH (r)-[:LIVES_AT]->(:Address)<-[:OCCURRED_AT]-(:Event)<-[:INVOLVED_IN]-(o:PersonRecord)
  RETURN o
  UNION
  MATCH (r)-[:INVOLVED_IN]->(:Event)-[:OCCURRED_AT]->(:Address)<-[:LIVES_AT]-(o:PersonRecord)
  RETURN o
}
MATCH (o)-[:RESOLVES_TO]->(n:Person)
RETURN DISTINCT n.person_id AS person_id
