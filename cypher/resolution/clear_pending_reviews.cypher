// description: Drop pending review pairs (a full run recomputes the queue; decisions stay).
// params: []
MATCH (q:ReviewPair {status: 'pending'})
CALL (q) { DETACH DELETE q } IN TRANSACTIONS OF 10000 ROWS
