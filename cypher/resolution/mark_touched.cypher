// description: Stamp the people an incremental run touched (records joined, left or moved,
//   identities merged or split, review pairs queued), so an incremental pattern run can
//   re-check exactly them and their neighbourhood.
// params: [rows, run_id]
UNWIND $rows AS person_id
MATCH (p:Person {person_id: person_id})
SET p.touched_run_id = $run_id
