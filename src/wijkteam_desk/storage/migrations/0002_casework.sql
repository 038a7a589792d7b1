-- Schema 2: VT conditions, safety plans, checklists, safety scores, monitoring, exchange.

ALTER TABLE person ADD COLUMN external_id VARCHAR(100) DEFAULT '' NOT NULL;

ALTER TABLE person ADD COLUMN import_snapshot TEXT DEFAULT '' NOT NULL;

CREATE TABLE exchange_key (
	id INTEGER NOT NULL, 
	own BOOLEAN NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	signing_key_id VARCHAR(32) NOT NULL, 
	signing_public TEXT NOT NULL, 
	encryption_recipient VARCHAR(200) NOT NULL, 
	secret TEXT NOT NULL, 
	added_at DATETIME NOT NULL, 
	revoked BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (signing_key_id)
);

CREATE TABLE exchange_package (
	id INTEGER NOT NULL, 
	package_id VARCHAR(64) NOT NULL, 
	direction VARCHAR(8) NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	peer_key_id VARCHAR(32) NOT NULL, 
	sequence INTEGER NOT NULL, 
	payload_sha256 VARCHAR(64) NOT NULL, 
	status VARCHAR(40) NOT NULL, 
	reason VARCHAR(100) NOT NULL, 
	household_id INTEGER, 
	file_name VARCHAR(300) NOT NULL, 
	at DATETIME NOT NULL, 
	acknowledged_at DATETIME, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_package_id ON exchange_package (package_id, direction);

CREATE TABLE checklist_run (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	template_id VARCHAR(100) NOT NULL, 
	template_version INTEGER NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	started_at DATETIME NOT NULL, 
	completed_at DATETIME, 
	outcome VARCHAR(100) NOT NULL, 
	document TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_run_household ON checklist_run (household_id, template_id, completed_at);

CREATE TABLE import_conflict (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	object_type VARCHAR(40) NOT NULL, 
	object_id INTEGER NOT NULL, 
	field VARCHAR(60) NOT NULL, 
	local_value TEXT NOT NULL, 
	incoming_value TEXT NOT NULL, 
	package_id VARCHAR(64) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	resolved_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE TABLE monitoring_moment (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	due_on DATE NOT NULL, 
	offset_months INTEGER, 
	purpose TEXT NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	completed_at DATETIME, 
	completed_by VARCHAR(200) NOT NULL, 
	outcome VARCHAR(40) NOT NULL, 
	document TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_moment_due ON monitoring_moment (status, due_on);

CREATE INDEX ix_moment_household ON monitoring_moment (household_id, due_on);

CREATE TABLE safety_condition (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	set_by VARCHAR(200) NOT NULL, 
	set_on DATE, 
	external_id VARCHAR(100) NOT NULL, 
	import_snapshot TEXT NOT NULL, 
	goal_ids TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_condition_household ON safety_condition (household_id);

CREATE TABLE safety_plan (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	evaluation_on DATE, 
	fixed_on DATE, 
	document TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_plan_household ON safety_plan (household_id, version);

CREATE TABLE condition_review (
	id INTEGER NOT NULL, 
	condition_id INTEGER NOT NULL, 
	reviewed_on DATE NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	note TEXT NOT NULL, 
	monitoring_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(condition_id) REFERENCES safety_condition (id) ON DELETE CASCADE
);

CREATE INDEX ix_review_condition ON condition_review (condition_id);

CREATE TABLE safety_score (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	scored_on DATE NOT NULL, 
	score INTEGER NOT NULL, 
	scored_by VARCHAR(40) NOT NULL, 
	note TEXT NOT NULL, 
	monitoring_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE, 
	FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE
);

CREATE INDEX ix_score_household ON safety_score (household_id, scored_on);

CREATE INDEX ix_journal_kind ON journal_entry (household_id, kind, occurred_at);

CREATE INDEX ix_plan_status ON safety_plan (household_id, status, fixed_on, evaluation_on);
