-- Schema 5 (issue 13, parts 3 and 4): correcting the record and documents in the file.
-- record_correction keeps what an entry said before each correction; record_withdrawal keeps an
-- entry taken out of a household whole, with the reason; attachment describes a document and
-- attachment_blob holds its bytes (inside the encrypted vault, like everything else).

CREATE TABLE record_correction (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	object_type VARCHAR(40) NOT NULL, 
	object_id INTEGER NOT NULL, 
	item VARCHAR(100) NOT NULL, 
	old_values TEXT NOT NULL, 
	new_values TEXT NOT NULL, 
	reason TEXT NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	corrected_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);
CREATE INDEX ix_correction_object ON record_correction (household_id, object_type, object_id);

CREATE TABLE record_withdrawal (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	object_type VARCHAR(40) NOT NULL, 
	object_id INTEGER NOT NULL, 
	snapshot TEXT NOT NULL, 
	reason TEXT NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	withdrawn_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);
CREATE INDEX ix_withdrawal_household ON record_withdrawal (household_id);

CREATE TABLE attachment (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	file_name VARCHAR(300) NOT NULL, 
	media_type VARCHAR(40) NOT NULL, 
	size INTEGER NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	pages INTEGER, 
	person_id INTEGER, 
	safety_plan_id INTEGER, 
	journal_entry_id INTEGER, 
	signed BOOLEAN NOT NULL, 
	added_at DATETIME NOT NULL, 
	added_by VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE, 
	FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE SET NULL, 
	FOREIGN KEY(safety_plan_id) REFERENCES safety_plan (id) ON DELETE SET NULL, 
	FOREIGN KEY(journal_entry_id) REFERENCES journal_entry (id) ON DELETE SET NULL
);
CREATE INDEX ix_attachment_household ON attachment (household_id);

CREATE TABLE attachment_blob (
	attachment_id INTEGER NOT NULL, 
	data BLOB NOT NULL, 
	PRIMARY KEY (attachment_id), 
	FOREIGN KEY(attachment_id) REFERENCES attachment (id) ON DELETE CASCADE
);
