import IsoFindDomain

/// Every string the engine itself prints, in French and English. Blocks never hard-code text.
enum Strings {
    static let page = Localized(fr: "page %d / %d", en: "page %d / %d")
    static let reportReference = Localized(fr: "Rapport n° %d", en: "Report %d")
    static let preview = Localized(fr: "APERÇU", en: "PREVIEW")
    static let previewNotSigned = Localized(
        fr: "Ce document est un aperçu : il n'est ni enregistré ni signé.",
        en: "This document is a preview: it is neither recorded nor signed.")
    static let contents = Localized(fr: "Sommaire", en: "Contents")
    static let generatedOn = Localized(fr: "Généré le %@", en: "Generated on %@")
    static let language = Localized(fr: "Langue : français", en: "Language: English")
    static let licenceHolder = Localized(fr: "Licence : %@", en: "Licence: %@")
    static let project = Localized(fr: "Projet : %@", en: "Project: %@")
    static let notProvided = Localized(fr: "non renseigné", en: "not provided")
    static let noSamples = Localized(fr: "Aucun échantillon ne correspond à la sélection de ce rapport.",
                                     en: "No sample matches this report's selection.")
    static let expertInConcise = Localized(
        fr: "Le bloc « %@ » relève du mode expert ; il figure dans un rapport concis.",
        en: "The block “%@” is an expert block; it appears in a concise report.")

    static func format(_ localized: Localized, _ language: Language, _ arguments: String...) -> String {
        var text = localized[language]
        for argument in arguments {
            if let range = text.range(of: "%@") { text.replaceSubrange(range, with: argument) }
        }
        return text
    }

    static func format(_ localized: Localized, _ language: Language, integers: Int...) -> String {
        var text = localized[language]
        for integer in integers {
            if let range = text.range(of: "%d") { text.replaceSubrange(range, with: String(integer)) }
        }
        return text
    }
}
