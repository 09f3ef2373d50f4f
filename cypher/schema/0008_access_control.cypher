// description: Access control - user accounts, the append-only audit trail (hash-chained, one
//   head node that serialises appends), break-glass sessions awaiting admin review.

CREATE CONSTRAINT user_id IF NOT EXISTS
FOR (n:User) REQUIRE n.user_id IS UNIQUE;

CREATE CONSTRAINT user_username IF NOT EXISTS
FOR (n:User) REQUIRE n.username IS UNIQUE;

CREATE CONSTRAINT audit_entry_seq IF NOT EXISTS
FOR (n:AuditEntry) REQUIRE n.seq IS UNIQUE;

CREATE CONSTRAINT audit_entry_id IF NOT EXISTS
FOR (n:AuditEntry) REQUIRE n.entry_id IS UNIQUE;

CREATE CONSTRAINT audit_head_id IF NOT EXISTS
FOR (n:AuditHead) REQUIRE n.head_id IS UNIQUE;

CREATE CONSTRAINT break_glass_id IF NOT EXISTS
FOR (n:BreakGlass) REQUIRE n.break_glass_id IS UNIQUE;

CREATE INDEX audit_entry_user IF NOT EXISTS FOR (n:AuditEntry) ON (n.user);
CREATE INDEX audit_entry_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.at);
CREATE INDEX audit_entry_action IF NOT EXISTS FOR (n:AuditEntry) ON (n.action);
