import Testing
@testable import IsoFindDomain

@Suite struct MatrixNameTests {
    @Test(arguments: [
        ("eau", "water"), ("Eau", "water"), ("  WATER  ", "water"), ("waters", "water"), ("eaux", "water"),
        ("Sol", "soil"), ("sols", "soil"), ("SOILS", "soil"),
        ("SÉDIMENT", "sediment"), ("sédiments", "sediment"), ("Sediments", "sediment"),
        ("roche", "rock"), ("Roches", "rock"), ("rocks", "rock"),
        ("Eaux souterraines", "groundwater"), ("ground-water", "groundwater"), ("Ground water", "groundwater"),
        ("eau de surface", "surface water"), ("Eaux superficielles", "surface water"), ("surface   waters", "surface water"),
        ("eau de mer", "seawater"), ("Sea water", "seawater"), ("eau de pluie", "rainwater"),
        ("eaux usées", "wastewater"), ("lixiviat", "leachate"), ("Lixiviats", "leachate"),
        ("minerai", "ore"), ("minerais", "ore"), ("minéral", "mineral"), ("minéraux", "mineral"),
        ("concentré", "concentrate"), ("boue", "sludge"), ("boues", "sludge"), ("poussière", "dust"),
        ("plante", "plant"), ("végétal", "plant"), ("végétaux", "plant"), ("sang", "blood"),
        ("cheveux", "hair"), ("air", "air"), ("gaz", "gas"), ("gases", "gas"), ("tissu", "tissue"),
        ("produit industriel", "industrial product"), ("Produits industriels", "industrial product"),
        ("engrais", "fertilizer"), ("fertiliser", "fertilizer"), ("carburant", "fuel"), ("biote", "biota"),
        ("eau d’exhaure", "mine water"), ("eau d'exhaure", "mine water"), ("cendres volantes", "fly ash"),
        ("gaz du sol", "soil gas"), ("teeth", "tooth"), ("leaves", "leaf"), ("os", "bone"),
    ])
    func canonicalForms(input: String, expected: String) {
        #expect(MatrixName.canonical(input) == expected)
    }

    @Test func unknownNamesAreFoldedButKept() {
        #expect(MatrixName.canonical("  Argile   Rouge ") == "argile rouge")
        #expect(MatrixName.canonical("Glass") == "glass")  // not reduced to "glas"
        #expect(MatrixName.canonical("") == "")
        #expect(MatrixName.canonical("   ") == "")
        #expect(MatrixName.canonical("Œuvre") == "oeuvre")
        #expect(!MatrixName.isKnown("argile rouge"))
        #expect(MatrixName.isKnown("Eaux"))
    }

    @Test func sameComparesCanonicalForms() {
        #expect(MatrixName.same("eau", "water"))
        #expect(MatrixName.same("Sol", "soil"))
        #expect(MatrixName.same("SÉDIMENT", "sediment"))
        #expect(MatrixName.same("roche", "Rock"))
        #expect(MatrixName.same("Eaux souterraines", "groundwater"))
        #expect(!MatrixName.same("water", "groundwater"))
        #expect(!MatrixName.same("soil", "soil gas"))
        #expect(!MatrixName.same("ore", "mineral"))
    }

    @Test func everyDefaultMatrixIsACanonicalName() {
        for group in MatrixConfiguration.default.groups {
            for matrix in group.matrices {
                #expect(MatrixName.canonical(matrix) == matrix, "\(matrix) in \(group.id)")
                #expect(MatrixName.isKnown(matrix))
            }
        }
    }
}

@Suite struct MatrixDisplayTests {
    @Test func frenchReportsNameKnownMatricesInFrench() {
        #expect(MatrixName.display("water", french: true) == "eau")
        #expect(MatrixName.display("Surface water", french: true) == "eau de surface")
        #expect(MatrixName.display("sediment", french: true) == "sédiment")
        #expect(MatrixName.display("slag", french: true) == "scorie")
    }

    @Test func englishReportsAndUnknownOrRicherNamesKeepTheStoredSpelling() {
        #expect(MatrixName.display("water", french: false) == "water")
        #expect(MatrixName.display("moon dust", french: true) == "moon dust")
        // A synonym that says more than its matrix ("acid" drainage) is kept as written.
        #expect(MatrixName.display("acid mine drainage", french: true) == "acid mine drainage")
        #expect(MatrixName.display("eau souterraine", french: true) == "eau souterraine")
    }
}
