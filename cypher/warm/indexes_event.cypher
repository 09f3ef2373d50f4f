// description: Warm-up (read only) - scan the Event range indexes the patterns and timelines
//   seek (unique event id, the composite (category, type, date), date, category, type), each
//   whole. Returns the entries read per index.
// params: []
CALL () { MATCH (n:Event) USING INDEX n:Event(event_id)
          WHERE n.event_id IS NOT NULL RETURN count(*) AS event_id }
CALL () { MATCH (n:Event) USING INDEX n:Event(category, type, date)
          WHERE n.category IS NOT NULL AND n.type IS NOT NULL AND n.date IS NOT NULL
          RETURN count(*) AS category_type_date }
CALL () { MATCH (n:Event) USING INDEX n:Event(date)
          WHERE n.date IS NOT NULL RETURN count(*) AS date }
CALL () { MATCH (n:Event) USING INDEX n:Event(category)
          WHERE n.category IS NOT NULL RETURN count(*) AS category }
CALL () { MATCH (n:Event) USING INDEX n:Event(type)
          WHERE n.type IS NOT NULL RETURN count(*) AS type }
RETURN event_id, category_type_date, date, category, type
