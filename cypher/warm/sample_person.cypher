// description: Warm-up (read only) - one resolved person with records, and a surname of theirs,
//   whose profile, network and search the warm-up opens once so their plans are cached.
// params: []
MATCH (p:Person)<-[:RESOLVES_TO]-(r:PersonRecord)
WHERE r.surname IS NOT NULL
RETURN p.person_id AS key, r.surname AS surname
LIMIT 1
