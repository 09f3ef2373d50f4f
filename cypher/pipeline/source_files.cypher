// description: Checksums of the files a source has already loaded successfully (by path).
// params: [source]
MATCH (f:SourceFile {source: $source})
RETURN f.path AS path, f.checksum AS checksum, f.load_run_id AS load_run_id
