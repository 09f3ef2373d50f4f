// description: PersonRecords last written by one LoadRun (for accounting checks - equal to the
//   run's rows_loaded when every row of the source yields its own record).
// params: [run_id]
MATCH (n:PersonRecord {load_run_id: $run_id})
RETURN count(n) AS count
