// description: People one hop from some people, as the scoped patterns read a neighbourhood -
//   sharing an address or an event, related, on a pending review pair together, or living
//   where the other's event happened (either way). Organisations (schools, GP practices) are
//   not hops - no pattern connects people through one. Their homes and events are gathered
//   first, each once, so a household or incident several of them share is expanded once and
//   each neighbour's record is followed to its person once (at 100k people this read 51k
//   records, not 209k record pairs). The result may include some of the people themselves.
// params: [person_ids]
UNWIND $person_ids AS person_id
MATCH (:Person {person_id: person_id})<-[:RESOLVES_TO]-(r:PersonRecord)
WITH collect(r) AS records
CALL (records) {
  UNWIND records AS r
  MATCH (r)-[:LIVES_AT]->(a:Address)
  RETURN collect(DISTINCT a) AS homes
}
CALL (records) {
  UNWIND records AS r
  MATCH (r)-[:INVOLVED_IN]->(e:Event)
  RETURN collect(DISTINCT e) AS events
}
CALL (homes) {
  UNWIND homes AS a
  MATCH (a)<-[:LIVES_AT]-(o:PersonRecord)
  RETURN collect(DISTINCT o) AS residents
}
CALL (events) {
  UNWIND events AS e
  MATCH (e)<-[:INVOLVED_IN]-(o:PersonRecord)
  RETURN collect(DISTINCT o) AS involved
}
CALL (records) {
  UNWIND records AS r
  MATCH (r)-[:RELATED_TO]-(o:PersonRecord)
  RETURN collect(DISTINCT o) AS relatives
}
CALL (records) {
  UNWIND records AS r
  MATCH (r)<-[:CANDIDATE]-(:ReviewPair {status: 'pending'})-[:CANDIDATE]->(o:PersonRecord)
  RETURN collect(DISTINCT o) AS candidates
}
CALL (homes) {
  UNWIND homes AS a
  MATCH (a)<-[:OCCURRED_AT]-(:Event)<-[:INVOLVED_IN]-(o:PersonRecord)
  RETURN collect(DISTINCT o) AS involved_here
}
CALL (events) {
  UNWIND events AS e
  MATCH (e)-[:OCCURRED_AT]->(:Address)<-[:LIVES_AT]-(o:PersonRecord)
  RETURN collect(DISTINCT o) AS living_there
}
UNWIND residents + involved + relatives + candidates + involved_here + living_there AS o
WITH DISTINCT o
MATCH (o)-[:RESOLVES_TO]->(n:Person)
RETURN DISTINCT n.person_id AS person_id
