-- Schema 4 (issue 13, parts 1 and 2): who acts on this vault, and what is due.
-- The profile: one row (id 1), the professional who works on this laptop (name, role,
-- organisation; member_id is random and stable, for the team).
CREATE TABLE profile (
	id INTEGER NOT NULL, 
	member_id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role VARCHAR(40) NOT NULL, 
	organisation VARCHAR(200) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

-- Audit lines name the actor's role and member id (NEN 7513). Older lines keep '' in both, and
-- their hash is computed as before (storage/audit.py), so the chain still verifies.
ALTER TABLE audit_event ADD COLUMN actor_role VARCHAR(40) DEFAULT '' NOT NULL;

ALTER TABLE audit_event ADD COLUMN actor_id VARCHAR(64) DEFAULT '' NOT NULL;

-- "Volgende actie" gets an optional date and who.
ALTER TABLE household ADD COLUMN next_action_on DATE;

ALTER TABLE household ADD COLUMN next_action_by VARCHAR(200) DEFAULT '' NOT NULL;

-- Vandaag: per household the earliest date something is due, and the earliest regular closing
-- date of an open household, so the agenda reads only the households with something in its
-- window (storage/agenda.py). Filled when the entry is rewritten (FACTS_VERSION 2).
ALTER TABLE caseload_entry ADD COLUMN agenda_due DATE;

ALTER TABLE caseload_entry ADD COLUMN closing_on DATE;

CREATE INDEX ix_caseload_agenda_due ON caseload_entry (agenda_due);

CREATE INDEX ix_caseload_closing_on ON caseload_entry (closing_on);
