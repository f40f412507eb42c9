import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// What the blocks that print a Nexus result share (nexus_processes, nexus_chain, the
/// interpretation and the executive summary): where the result came from, its signatures and
/// mass-balance verdict as printed, and what is said when there is none.
enum NexusText {
    static let noNexus = Localized(fr: "Aucun résultat Nexus n'a été fourni pour ce rapport.",
                                   en: "No Nexus result was provided for this report.")
    /// Said instead of `noNexus` when the session the request named could not be read
    /// (ReportContext's degrading rule; the reason itself is the renderer's warning).
    static let sessionUnreadable = Localized(
        fr: "La session Nexus demandée n'a pas pu être lue : aucun résultat Nexus n'est présenté.",
        en: "The requested Nexus session could not be read: no Nexus result is shown.")
    static let fromSession = Localized(fr: "session Nexus n° %@ de workflows.db", en: "Nexus session %@ of workflows.db")
    static let fromRequest = Localized(fr: "résultat Nexus fourni avec la requête", en: "Nexus result provided with the request")
    static let sourceSentence = Localized(fr: "Source : %@.", en: "Source: %@.")
    static let uncertainties = Localized(fr: "Incertitudes élargies (2σ).", en: "Expanded uncertainties (2σ).")
    static let initial = Localized(fr: "Signature initiale", en: "Initial signature")
    static let predicted = Localized(fr: "Signature prédite", en: "Predicted signature")
    static let reference = Localized(fr: "Référence", en: "Reference")
    static let measuredOn = Localized(fr: "%@ (mesurée sur %@)", en: "%@ (measured on %@)")
    static let verdictVerified = Localized(
        fr: "Bilan de masse vérifié : résidu %@, dans l'incertitude combinée (2σ).",
        en: "Mass balance verified: residual %@, within the combined uncertainty (2σ).")
    static let verdictNotVerified = Localized(
        fr: "Bilan de masse non vérifié : résidu %@, au-delà de l'incertitude combinée (2σ).",
        en: "Mass balance not verified: residual %@, beyond the combined uncertainty (2σ).")
    static let verdictUnknown = Localized(fr: "Bilan de masse : non renseigné.", en: "Mass balance: not provided.")
    /// Given once per report, by the first Nexus block that shows the verdict.
    static let notVerifiedWarning = Localized(
        fr: "Le bilan de masse du résultat Nexus n'est pas vérifié : la chaîne de processus n'explique pas entièrement la signature mesurée.",
        en: "The mass balance of the Nexus result is not verified: the process chain does not fully explain the measured signature.")
}

extension BlockContext {
    /// The `noData` of a Nexus block without a Nexus result: that the session asked for could not
    /// be read when it could not, else that no result was provided.
    func noNexus() -> Notice {
        noData(unavailable(.nexusSession) == nil ? NexusText.noNexus : NexusText.sessionUnreadable)
    }

    /// Where the Nexus result came from, as printed after "source": the session it was read
    /// from, else the request.
    var nexusSource: String {
        if let id = sources.nexusSessionID {
            return text(NexusText.fromSession, integer(id))
        }
        return NexusText.fromRequest[language]
    }

    /// `nexusSource` as the sentence that ends the Nexus blocks' captions.
    var nexusSourceSentence: String { text(NexusText.sourceSentence, nexusSource) }

    /// A signature value with its uncertainty and unit, or "not provided".
    func nexusSignature(_ value: Double?, _ uncertainty: Double?, unit: String?) -> String {
        guard let value else { return Strings.notProvided[language] }
        return withUnit(MeasurementFormat.valueWithUncertainty(value, uncertainty, format), unit)
    }

    /// The unit of ε: ‰ for δ signatures (or when the unit is unknown), none for ratios.
    func epsilonUnit(_ result: NexusResult) -> String? {
        guard let unit = result.initial?.unit, !unit.isEmpty else { return "‰" }
        return unit.contains("‰") ? "‰" : nil
    }

    /// The mass balance's residual with its unit, or "not provided".
    func residualText(_ result: NexusResult) -> String {
        guard let residual = result.massBalance?.residual else { return Strings.notProvided[language] }
        let unit = result.initial?.unit.flatMap { $0.contains("‰") ? "‰" : nil }
        return withUnit(NumberFormat.automatic(residual, maxSignificantDigits: 3, format), unit)
    }

    /// The mass-balance verdict as a sentence, and whether it is a warning (not verified).
    func massBalanceVerdict(_ result: NexusResult) -> (text: String, warning: Bool) {
        switch result.massBalance?.verified {
        case true?: return (Strings.format(NexusText.verdictVerified, language, residualText(result)), false)
        case false?: return (Strings.format(NexusText.verdictNotVerified, language, residualText(result)), true)
        case nil: return (NexusText.verdictUnknown[language], false)
        }
    }

    /// The initial signature, with the sample it was measured on when given.
    func initialText(_ result: NexusResult) -> String {
        let initial = result.initial
        let value = nexusSignature(initial?.value, initial?.uncertainty, unit: initial?.unit)
        guard let sample = initial?.sample, !sample.isEmpty, initial?.value != nil else { return value }
        return Strings.format(NexusText.measuredOn, language, value, sample)
    }

    /// The predicted signature, in the initial signature's unit.
    func predictedText(_ result: NexusResult) -> String {
        nexusSignature(result.predicted?.value, result.predicted?.uncertainty, unit: result.initial?.unit)
    }

    /// A process's ε ± u in the unit of ε, or "not provided".
    func epsilonText(_ process: NexusProcess, _ result: NexusResult) -> String {
        guard let epsilon = process.epsilon else { return Strings.notProvided[language] }
        return withUnit(MeasurementFormat.valueWithUncertainty(epsilon, process.uncertainty, format), epsilonUnit(result))
    }

    /// A remaining fraction or mixing share, or "not provided".
    func fractionText(_ fraction: Double?) -> String {
        number(fraction, digits: 3)
    }
}
