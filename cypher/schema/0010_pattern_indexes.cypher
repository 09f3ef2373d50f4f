// description: Indexes that let saved patterns start from the rare records they look for
//   instead of every event or every child. Event (category, type, date) serves the patterns
//   that seek one kind of event in a window (self-harm attendances, missing episodes, domestic
//   abuse incidents, concerns); the LIVES_AT / ENROLLED_AT `from` indexes serve frequent_moves,
//   which starts from the arrivals dated in its lookback.

CREATE INDEX event_category_type_date IF NOT EXISTS
FOR (n:Event) ON (n.category, n.type, n.date);

CREATE INDEX lives_at_from IF NOT EXISTS
FOR ()-[r:LIVES_AT]-() ON (r.from);

CREATE INDEX enrolled_at_from IF NOT EXISTS
FOR ()-[r:ENROLLED_AT]-() ON (r.from);
