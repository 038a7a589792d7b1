-- Schema 1: the case-file core and the audit chain (issue 2).
CREATE TABLE audit_event (
	id INTEGER NOT NULL, 
	at VARCHAR(40) NOT NULL, 
	actor VARCHAR(200) NOT NULL, 
	device VARCHAR(200) NOT NULL, 
	action VARCHAR(60) NOT NULL, 
	object_type VARCHAR(60) NOT NULL, 
	object_id VARCHAR(60) NOT NULL, 
	household_id INTEGER, 
	result VARCHAR(20) NOT NULL, 
	detail TEXT NOT NULL, 
	prev_hash VARCHAR(64) NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_audit_household ON audit_event (household_id);

CREATE TABLE draft (
	"key" VARCHAR(200) NOT NULL, 
	household_id INTEGER, 
	payload TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY ("key")
);

CREATE TABLE household (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	phase VARCHAR(40) NOT NULL, 
	opened_on DATE NOT NULL, 
	from_vt BOOLEAN NOT NULL, 
	vt_case_number VARCHAR(64) NOT NULL, 
	vt_handover_date DATE, 
	closed_on DATE, 
	closing_reason TEXT NOT NULL, 
	next_action TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);

CREATE TABLE professional (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	organisation VARCHAR(200) NOT NULL, 
	function VARCHAR(200) NOT NULL, 
	phone VARCHAR(40) NOT NULL, 
	email VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE incident (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	occurred_on DATE NOT NULL, 
	forms TEXT NOT NULL, 
	severity VARCHAR(20) NOT NULL, 
	victim_ids TEXT NOT NULL, 
	perpetrator_ids TEXT NOT NULL, 
	children_present BOOLEAN NOT NULL, 
	police_involved BOOLEAN NOT NULL, 
	police_report BOOLEAN NOT NULL, 
	description TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_incident_household ON incident (household_id, occurred_on);

CREATE TABLE involvement (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	professional_id INTEGER NOT NULL, 
	role VARCHAR(200) NOT NULL, 
	is_regisseur BOOLEAN NOT NULL, 
	start DATE NOT NULL, 
	"end" DATE, 
	end_reason TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE, 
	FOREIGN KEY(professional_id) REFERENCES professional (id)
);

CREATE INDEX ix_involvement_household ON involvement (household_id);

CREATE TABLE journal_entry (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	occurred_at DATETIME NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	text TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_journal_household ON journal_entry (household_id, occurred_at);

CREATE TABLE network_member (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	relation VARCHAR(200) NOT NULL, 
	stance VARCHAR(20) NOT NULL, 
	phone VARCHAR(40) NOT NULL, 
	address VARCHAR(300) NOT NULL, 
	secret_address BOOLEAN NOT NULL, 
	note TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_network_household ON network_member (household_id);

CREATE TABLE person (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	given_name VARCHAR(200) NOT NULL, 
	family_name VARCHAR(200) NOT NULL, 
	birth_date DATE, 
	lives_in_household BOOLEAN NOT NULL, 
	address VARCHAR(300) NOT NULL, 
	postcode VARCHAR(16) NOT NULL, 
	city VARCHAR(100) NOT NULL, 
	phone VARCHAR(40) NOT NULL, 
	secret_address BOOLEAN NOT NULL, 
	note TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_person_household ON person (household_id);

CREATE TABLE phase_change (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	from_phase VARCHAR(40), 
	to_phase VARCHAR(40) NOT NULL, 
	changed_on DATE NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	reason TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_phase_household ON phase_change (household_id);

CREATE TABLE child_offer (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	description TEXT NOT NULL, 
	provider VARCHAR(200) NOT NULL, 
	start DATE, 
	no_offer_reason TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE, 
	FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE
);

CREATE INDEX ix_offer_household ON child_offer (household_id);

CREATE TABLE person_role (
	person_id INTEGER NOT NULL, 
	role VARCHAR(40) NOT NULL, 
	certainty VARCHAR(20) NOT NULL, 
	PRIMARY KEY (person_id, role), 
	FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE
);

CREATE TABLE plan_goal (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	phase VARCHAR(40) NOT NULL, 
	person_id INTEGER, 
	text TEXT NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE, 
	FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE SET NULL
);

CREATE INDEX ix_goal_household ON plan_goal (household_id);

CREATE TABLE relationship (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	person_a_id INTEGER NOT NULL, 
	person_b_id INTEGER NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	start DATE, 
	"end" DATE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE, 
	FOREIGN KEY(person_a_id) REFERENCES person (id) ON DELETE CASCADE, 
	FOREIGN KEY(person_b_id) REFERENCES person (id) ON DELETE CASCADE
);

CREATE INDEX ix_relationship_household ON relationship (household_id);

CREATE TABLE plan_action (
	id INTEGER NOT NULL, 
	goal_id INTEGER NOT NULL, 
	what TEXT NOT NULL, 
	who VARCHAR(200) NOT NULL, 
	due DATE, 
	status VARCHAR(20) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(goal_id) REFERENCES plan_goal (id) ON DELETE CASCADE
);

CREATE INDEX ix_action_goal ON plan_action (goal_id);

-- The audit log is append-only: the database itself refuses to change or remove a line.
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
