// description: Warm-up (read only) - up to $count resolved people with at least min_records
//   agency records (neighbourhoods wide enough that the explorer's every hop query runs), each
//   with a surname of theirs - the warm-up opens their search, profile, household, network and
//   connections so those plans are cached and the server's code paths for them are hot.
//   Stops at the first $count such people.
// params: [min_records, count]
MATCH (p:Person)
WHERE COUNT { (p)<-[:RESOLVES_TO]-(:PersonRecord) } >= $min_records
CALL (p) {
  MATCH (p)<-[:RESOLVES_TO]-(r:PersonRecord)
  WHERE r.surname IS NOT NULL
  RETURN r.surname AS surname
  LIMIT 1
}
RETURN p.person_id AS key, surname
LIMIT $count
