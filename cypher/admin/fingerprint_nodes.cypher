// description: The nodes (labels and properties) whose internal ids fall in [$lo, $hi), for the
//   graph's content fingerprint (graph_model/store/fingerprint.py). Each id is sought directly
//   (NodeByIdSeek), so a page costs its own size, not a scan and sort of the whole graph as a
//   keyset page ordered by elementId did (quadratic - hours at a million people). The ids only
//   page the read; the fingerprint hashes content, never ids.
// params: [lo, hi]
UNWIND range($lo, $hi - 1) AS i
MATCH (n) WHERE id(n) = i
RETURN labels(n) AS labels, properties(n) AS props
