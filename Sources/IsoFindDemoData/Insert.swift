import GRDB

extension DemoDataset {
    func insertSamples(_ db: Database) throws {
        let sample = try db.cachedStatement(sql: """
            INSERT INTO samples (id, name, classification, material_type, matrix, sector, project,
                latitude, longitude, altitude_m, collection_date, collector, description)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in samples {
            try sample.execute(arguments: [
                r.id, r.name, r.classification, r.materialType, r.matrix, r.sector, r.project,
                r.latitude, r.longitude, r.altitudeM, r.collectionDate, r.collector, r.description,
            ])
        }

        let isotope = try db.cachedStatement(sql: """
            INSERT INTO sample_isotope (id, sample_id, element, system, ratio, ratio_2se, delta_notation,
                delta_value, delta_2sd, standard, instrument, session_date, depth_m, notes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in isotopes {
            try isotope.execute(arguments: [
                r.id, r.sampleId, r.element, r.system, r.ratio, r.ratio2SE, r.deltaNotation,
                r.deltaValue, r.delta2SD, r.standard, r.instrument, r.sessionDate, r.depthM, r.notes,
            ])
        }

        let geochemStatement = try db.cachedStatement(sql: """
            INSERT INTO sample_geochem (id, sample_id, element, display_value, display_unit, value_normalized,
                display_uncertainty, method, lod, loq, depth_m)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in geochem {
            try geochemStatement.execute(arguments: [
                r.id, r.sampleId, r.element, r.displayValue, r.displayUnit, r.valueNormalized,
                r.displayUncertainty, r.method, r.lod, r.loq, r.depthM,
            ])
        }

        let physicoStatement = try db.cachedStatement(sql: """
            INSERT INTO sample_physicochemistry (id, sample_id, parameter, value, uncertainty, method,
                measured_at, depth_m)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in physico {
            try physicoStatement.execute(arguments: [
                r.id, r.sampleId, r.parameter, r.value, r.uncertainty, r.method, r.measuredAt, r.depthM,
            ])
        }

        let molecule = try db.cachedStatement(sql: """
            INSERT INTO sample_molecules (id, sample_id, nom, cas, famille, valeur, unite, valeur_ug_l,
                incertitude, lod, loq, detecte, methode, laboratoire, date_analyse, matrice, conforme,
                seuil_ref, seuil_ref_unit, depth_m)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in molecules {
            try molecule.execute(arguments: [
                r.id, r.sampleId, r.nom, r.cas, r.famille, r.valeur, r.unite, r.valeurUgL,
                r.incertitude, r.lod, r.loq, r.detecte, r.methode, r.laboratoire, r.dateAnalyse, r.matrice,
                r.conforme, r.seuilRef, r.seuilRefUnit, r.depthM,
            ])
        }
    }

    func insertSessions(_ db: Database) throws {
        let session = try db.cachedStatement(sql: """
            INSERT INTO nexus_sessions (id, name, sample_id, sample_name, element, created_at, result_json)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for r in sessions {
            try session.execute(arguments: [
                r.id, r.name, r.sampleId, r.sampleName, r.element, r.createdAt, r.resultJSON,
            ])
        }
    }
}
