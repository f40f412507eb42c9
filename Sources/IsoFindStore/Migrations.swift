import GRDB
import IsoFindDomain

/// The versioned schema of `reports.db`. Migrations are append-only: never edit a shipped one.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial-schema") { db in
            // User templates. Built-in templates live in code (ids 1...1000 are reserved for
            // them), so user ids start above BuiltinTemplates.maxReservedID.
            try db.execute(sql: """
                CREATE TABLE templates (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    blocks TEXT NOT NULL,
                    language TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    created_by TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                INSERT INTO sqlite_sequence(name, seq) VALUES ('templates', \(BuiltinTemplates.maxReservedID));

                CREATE TABLE reports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by TEXT,
                    template_id INTEGER,
                    blocks TEXT NOT NULL,
                    language TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    sample_ids TEXT NOT NULL,
                    pages INTEGER NOT NULL,
                    file_size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    file_name TEXT NOT NULL UNIQUE,
                    signature TEXT,
                    warnings TEXT NOT NULL DEFAULT '[]'
                );

                CREATE TABLE branding (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    organization_name TEXT NOT NULL,
                    logo_file TEXT,
                    logo_source_path TEXT,
                    updated_at TEXT NOT NULL
                );

                CREATE TABLE custom_blocks (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    category TEXT NOT NULL DEFAULT 'custom',
                    nature TEXT NOT NULL DEFAULT 'I',
                    icon TEXT NOT NULL DEFAULT 'CB',
                    licence TEXT NOT NULL DEFAULT 'pro',
                    expert INTEGER NOT NULL DEFAULT 0,
                    language TEXT NOT NULL DEFAULT 'fr',
                    api_calls TEXT,
                    code_python TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );

                CREATE TABLE matrix_groups (
                    id TEXT PRIMARY KEY,
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    color TEXT NOT NULL,
                    matrices TEXT NOT NULL,
                    note TEXT
                );
                CREATE TABLE matrix_rules (
                    position INTEGER NOT NULL,
                    from_group TEXT NOT NULL REFERENCES matrix_groups(id),
                    to_group TEXT NOT NULL REFERENCES matrix_groups(id),
                    relevant INTEGER NOT NULL,
                    note TEXT,
                    PRIMARY KEY (from_group, to_group)
                );

                CREATE TABLE tokens (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
                    token_hash BLOB NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    expires_at TEXT,
                    revoked_at TEXT
                );
                CREATE UNIQUE INDEX tokens_active_name ON tokens(name) WHERE revoked_at IS NULL;
                """)
            try MatrixTable.replace(MatrixConfiguration.default, in: db)
        }
        migrator.registerMigration("v2-report-id-reservations") { db in
            // A report's id is printed in its PDF, so it is reserved before rendering; the record
            // itself is inserted only once the file is written. A reservation without a report
            // (a failed generation) is only a gap in the numbering.
            try db.execute(sql: """
                CREATE TABLE report_ids (id INTEGER PRIMARY KEY AUTOINCREMENT, reserved_at TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v3-signing-certificates") { db in
            // Every certificate the installation has signed reports with, kept for good, so that
            // reports signed before a key change still verify as trusted.
            try db.execute(sql: """
                CREATE TABLE signing_certificates (
                    sha256 TEXT PRIMARY KEY,
                    pem TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    first_used_at TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4-history-indexes") { db in
            // The history at 100 000 reports and more. Pages are read in two steps: the ids of the
            // page from an index that holds every filtered column (so skipping rows for an offset,
            // or checking a filter, never reads a whole record), then the records by id.
            //   - history: id order with the filtered columns, for unfiltered and date-only pages
            //     and deep offsets;
            //   - by_creator, by_template: an equality filter, in id order within it;
            //   - by_date: the count of a date range without walking the others.
            try db.execute(sql: """
                CREATE INDEX reports_history ON reports(id, created_at, created_by, template_id);
                CREATE INDEX reports_by_creator ON reports(created_by, id, created_at, template_id);
                CREATE INDEX reports_by_template ON reports(template_id, id, created_at, created_by);
                CREATE INDEX reports_by_date ON reports(created_at);
                """)
        }
        return migrator
    }
}
