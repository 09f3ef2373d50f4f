// description: One page of relationships in elementId order with their type, properties and
//   both end nodes' labels and properties (ends are identified by content, not by id).
// params: [after, limit]
MATCH (a)-[r]->(b)
WHERE $after IS NULL OR elementId(r) > $after
RETURN elementId(r) AS key, type(r) AS type, properties(r) AS props,
       labels(a) AS from_labels, properties(a) AS from_props,
       labels(b) AS to_labels, properties(b) AS to_props
ORDER BY key
LIMIT $limit
