// description: Store (or replace) a human decision on a pair or a split, and close the pair -
//   or, for `unsure` ("not sure - ask the agency"), move it to the waiting list, to be decided
//   later. Who decided, when and the note are kept on the pair too, for the list to show.
// params: [decision_id, kind, record_a, record_b, person_id, records, others, decided_by, note, pair_id]
MERGE (d:ReviewDecision {decision_id: $decision_id})
SET d.kind = $kind, d.record_a = $record_a, d.record_b = $record_b, d.person_id = $person_id,
    d.records = $records, d.others = $others, d.decided_by = $decided_by, d.note = $note,
    d.decided_at = datetime()
WITH d
OPTIONAL MATCH (q:ReviewPair {pair_id: $pair_id})
SET q.status = CASE WHEN $kind = 'unsure' THEN 'waiting' ELSE 'decided' END,
    q.decision = $kind, q.decided_by = $decided_by, q.decided_at = d.decided_at, q.note = $note
RETURN d.decision_id AS decision_id
