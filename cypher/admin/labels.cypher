// description: Node labels in use.
// params: []
CALL db.labels() YIELD label RETURN label ORDER BY label
