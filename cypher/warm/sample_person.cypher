// description: Warm-up (read only) - one resolved person with at least min_records agency
//   records (a neighbourhood wide enough that the explorer's every hop query runs), and a surname
//   of theirs - the warm-up opens their search, profile, network and connections once so those
//   plans are cached. Stops at the first such person.
// params: [min_records]
MATCH (p:Person)
WHERE COUNT { (p)<-[:RESOLVES_TO]-(:PersonRecord) } >= $min_records
MATCH (p)<-[:RESOLVES_TO]-(r:PersonRecord)
WHERE r.surname IS NOT NULL
RETURN p.person_id AS key, r.surname AS surname
LIMIT 1
