// description: One page of nodes (labels and properties) in elementId order, for the graph's
//   content fingerprint (graph_model/store/fingerprint.py).
// params: [after, limit]
MATCH (n)
WHERE $after IS NULL OR elementId(n) > $after
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props
ORDER BY key
LIMIT $limit
