// description: Indexes that let an incremental pipeline run find what changed since the last
//   pattern run without scanning the graph - events a load wrote (load_run_id; person records
//   already have theirs) and people an incremental resolution touched (touched_run_id).

CREATE INDEX event_load_run IF NOT EXISTS FOR (n:Event) ON (n.load_run_id);

CREATE INDEX person_touched_run IF NOT EXISTS FOR (n:Person) ON (n.touched_run_id);
