// description: The relationships whose internal ids fall in [$lo, $hi), with their type,
//   properties and both end nodes' labels and properties (ends are identified by content, not
//   by id). Each id is sought directly, as for the nodes (fingerprint_nodes).
// params: [lo, hi]
UNWIND range($lo, $hi - 1) AS i
MATCH (a)-[r]->(b) WHERE id(r) = i
RETURN type(r) AS type, properties(r) AS props,
       labels(a) AS from_labels, properties(a) AS from_props,
       labels(b) AS to_labels, properties(b) AS to_props
