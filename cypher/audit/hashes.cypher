// description: The stored hash of each of the given audit sequence numbers (absent ones are
//   simply not returned) - `audit verify` compares a chunk of the anchor file or mirror at a time.
// params: [seqs]
UNWIND $seqs AS wanted
MATCH (e:AuditEntry {seq: wanted})
RETURN e.seq AS seq, e.hash AS hash
