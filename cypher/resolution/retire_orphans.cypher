// description: Active people left without any record (records deleted or all moved) retire.
// params: [run_id]
MATCH (p:Person {status: 'active'})
WHERE NOT EXISTS { (p)<-[:RESOLVES_TO]-(:PersonRecord) }
SET p.status = 'retired', p.retired_run_id = $run_id,
    p.history = coalesce(p.history, []) + [$run_id + ': no records left']
RETURN count(p) AS retired
