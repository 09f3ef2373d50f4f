// description: Create or refresh resolved Person nodes (derived; rebuildable) - the display
//   name from the most authoritative record, every other name the records use as aliases.
// params: [rows, run_id]
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
ON CREATE SET p.created_at = datetime(), p.created_run_id = $run_id
SET p.status = 'active', p.display_name = row.display_name,
    p.aliases = row.aliases,
    p.dob = CASE WHEN row.dob IS NULL THEN null ELSE date(row.dob) END, p.sex = row.sex,
    p.record_count = row.record_count, p.agencies = row.agencies,
    p.updated_run_id = $run_id, p.updated_at = datetime()
