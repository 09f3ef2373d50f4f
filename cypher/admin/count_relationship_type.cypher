// description: Relationship count for one type, from the count store.
// params: [type]
MATCH ()-[r:$($type)]->() RETURN count(r) AS count
