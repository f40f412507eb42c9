// The two schemas as IsoFind writes them and as IsoFind Reports reads them.
// docs/data-sources.md describes every column (meaning, unit, optionality).

enum Schema {
    /// IsoFind's samples database (`isofind.db`).
    static let samples = """
        CREATE TABLE samples (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            classification TEXT,
            material_type TEXT,
            matrix TEXT,
            sector TEXT,
            project TEXT,
            latitude REAL,
            longitude REAL,
            altitude_m REAL,
            collection_date TEXT,
            collector TEXT,
            description TEXT
        );
        CREATE INDEX samples_project ON samples(project);

        CREATE TABLE sample_isotope (
            id INTEGER PRIMARY KEY,
            sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
            element TEXT,
            system TEXT,
            ratio REAL,
            ratio_2se REAL,
            delta_notation TEXT,
            delta_value REAL,
            delta_2sd REAL,
            standard TEXT,
            instrument TEXT,
            session_date TEXT,
            depth_m REAL,
            notes TEXT
        );
        CREATE INDEX sample_isotope_sample_id ON sample_isotope(sample_id);

        CREATE TABLE sample_geochem (
            id INTEGER PRIMARY KEY,
            sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
            element TEXT,
            display_value REAL,
            display_unit TEXT,
            value_normalized REAL,
            display_uncertainty REAL,
            method TEXT,
            lod REAL,
            loq REAL,
            depth_m REAL
        );
        CREATE INDEX sample_geochem_sample_id ON sample_geochem(sample_id);

        CREATE TABLE sample_physicochemistry (
            id INTEGER PRIMARY KEY,
            sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
            parameter TEXT,
            value REAL,
            uncertainty REAL,
            method TEXT,
            measured_at TEXT,
            depth_m REAL
        );
        CREATE INDEX sample_physicochemistry_sample_id ON sample_physicochemistry(sample_id);

        CREATE TABLE sample_molecules (
            id INTEGER PRIMARY KEY,
            sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
            nom TEXT,
            cas TEXT,
            famille TEXT,
            valeur REAL,
            unite TEXT,
            valeur_ug_l REAL,
            incertitude REAL,
            lod REAL,
            loq REAL,
            detecte INTEGER,
            methode TEXT,
            laboratoire TEXT,
            date_analyse TEXT,
            matrice TEXT,
            conforme INTEGER,
            seuil_ref REAL,
            seuil_ref_unit TEXT,
            depth_m REAL
        );
        CREATE INDEX sample_molecules_sample_id ON sample_molecules(sample_id);

        """

    /// IsoFind's Nexus workflow sessions database (`workflows.db`).
    static let sessions = """
        CREATE TABLE nexus_sessions (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            sample_id INTEGER,
            sample_name TEXT,
            element TEXT,
            created_at TEXT NOT NULL,
            result_json TEXT NOT NULL
        );
        CREATE INDEX nexus_sessions_sample_id ON nexus_sessions(sample_id);
        CREATE INDEX nexus_sessions_created_at ON nexus_sessions(created_at);

        """
}
