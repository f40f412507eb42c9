import Testing
@testable import IsoFindFormat

@Suite struct ChemicalFormulaTests {
    @Test(arguments: [
        ("Zn2+", "Zn²⁺"), ("Fe3+", "Fe³⁺"), ("Cl-", "Cl⁻"), ("Zn+2", "Zn²⁺"),
        ("ZnSO4(aq)", "ZnSO₄(aq)"), ("ZnHCO3+", "ZnHCO₃⁺"), ("ZnOH+", "ZnOH⁺"), ("NH4+", "NH₄⁺"),
        ("CO3-2", "CO₃²⁻"), ("SO4 2-", "SO₄²⁻"), ("SO4^2-", "SO₄²⁻"), ("Fe(OH)3(aq)", "Fe(OH)₃(aq)"),
        ("H2O", "H₂O"), ("O2", "O₂"), ("CaCO3(s)", "CaCO₃(s)"),
    ])
    func formulasAreTypeset(_ input: String, _ expected: String) {
        #expect(ChemicalFormula.unicode(input) == expected)
    }

    @Test(arguments: ["cis-DCE", "Chlorure de vinyle", "Éthène", "TCE", "", "2+", "Zn(", "PCE (tétrachloroéthylène)"])
    func otherTextIsLeftAlone(_ input: String) {
        #expect(ChemicalFormula.unicode(input) == input)
    }
}
