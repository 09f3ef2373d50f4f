// description: PersonRecords not (yet) resolved to a Person (after a resolve, none should be).
// params: []
MATCH (r:PersonRecord)
WHERE NOT (r)-[:RESOLVES_TO]->(:Person)
RETURN count(r) AS count
