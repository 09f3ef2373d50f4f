// description: Record where old Person ids went - merged_into one id, split_into several.
// params: [rows, run_id]
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
SET p.status = CASE WHEN row.merged_into IS NULL THEN p.status ELSE 'merged' END,
    p.merged_into = coalesce(row.merged_into, p.merged_into),
    p.split_into = [x IN coalesce(p.split_into, []) WHERE NOT x IN row.split_into]
                   + row.split_into,
    p.history = coalesce(p.history, []) + [row.note],
    p.identity_changed_run_id = $run_id
