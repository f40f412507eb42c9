import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `scenario_comparison`: up to ten scenarios side by side, parameters × scenarios, the values
/// that differ from the first scenario's marked.
struct ScenarioComparison: ReportBlock {
    let definition = BlockDefinition(
        key: .scenarioComparison,
        name: Localized(fr: "Comparaison de scénarios", en: "Scenario comparison"),
        description: Localized(
            fr: "Jusqu’à 10 scénarios côte à côte, les paramètres qui diffèrent du premier étant mis en évidence.",
            en: "Up to 10 scenarios side by side, with the parameters that differ from the first highlighted."),
        category: .simulation, nature: .analytical, estPages: 2, licence: .pro, needs: [.scenarios])

    static let noScenario = Localized(fr: "Aucun scénario n'a été fourni pour ce rapport.",
                                      en: "No scenario was provided for this report.")
    static let scenarioSource = Localized(fr: "Source : scénarios fournis avec la requête (scenarios).",
                                          en: "Source: scenarios provided with the request (scenarios).")

    static let scenario = (
        parameter: Localized(fr: "Paramètre", en: "Parameter"),
        untitled: Localized(fr: "Scénario %@", en: "Scenario %@"),
        timestamp: Localized(fr: "Date", en: "Date"),
        yes: Localized(fr: "oui", en: "yes"),
        no: Localized(fr: "non", en: "no"),
        legend: Localized(
            fr: "≠ en gras : valeur différente de celle du premier scénario (%@) ; lignes teintées : paramètres qui varient entre les scénarios.",
            en: "≠ in bold: value different from the first scenario's (%@); tinted rows: parameters that vary between scenarios."),
        noParameter: Localized(fr: "Les scénarios fournis ne contiennent aucun paramètre.", en: "The scenarios provided contain no parameter."),
        count: Localized(fr: "%@ scénario(s) comparé(s).", en: "%@ scenario(s) compared.")
    )

    static func scenarioValue(_ value: ScenarioValue, _ context: BlockContext) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): NumberFormat.automatic(number, context.format)
        case .bool(let flag): flag ? scenario.yes[context.language] : scenario.no[context.language]
        case .null: Strings.notProvided[context.language]
        }
    }

    static func scenarioTimestamp(_ ts: String?, _ context: BlockContext) -> String {
        guard let ts, !ts.isEmpty else { return Strings.notProvided[context.language] }
        return DateFormat.instant(iso: ts, context.format) ?? DateFormat.numeric(iso: ts, context.format) ?? ts
    }

    func render(_ context: BlockContext) -> [any Drawable] {
        let scenario = Self.scenario
        let all = context.inputs.scenarios ?? []
        guard !all.isEmpty else { return [context.noData(Self.noScenario)] }
        let language = context.language
        let scenarios = Array(all.prefix(ReportInputs.maximumScenarioCount))
        let names = scenarios.enumerated().map { index, item -> String in
            if let label = item.label, !label.isEmpty { return label }
            if let id = item.id, !id.isEmpty { return id }
            return Strings.format(scenario.untitled, language, NumberFormat.integer(index + 1, context.format))
        }
        let parameters = Scenario.parameterNames(scenarios)
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(Strings.format(scenario.count, language,
                                                                                   NumberFormat.integer(scenarios.count, context.format))))]
        guard !parameters.isEmpty else {
            story.append(Paragraph(markup: Markup.escape(scenario.noParameter[language])))
            story.append(caption(Self.scenarioSource[language]))
            return story
        }
        let differing = Scenario.differingParameters(in: scenarios)
        let first = scenarios[0]
        var rows: [[String]] = [[Markup.escape(scenario.timestamp[language])] + scenarios.map { Markup.escape(Self.scenarioTimestamp($0.ts, context)) }]
        var highlighted = Set<Int>()
        for parameter in parameters {
            if differing.contains(parameter) { highlighted.insert(rows.count) }
            var row = ["<b>\(Markup.escape(parameter))</b>"]
            for (index, item) in scenarios.enumerated() {
                let value = Markup.escape(Self.scenarioValue(item.value(of: parameter), context))
                row.append(index > 0 && item.value(of: parameter) != first.value(of: parameter) ? "<b>≠ \(value)</b>" : value)
            }
            rows.append(row)
        }
        let columns = [TableColumn(scenario.parameter[language], weight: scenarios.count > 5 ? 1.5 : 1.3)]
            + names.map { TableColumn($0, weight: 1, alignment: .right) }
        story.append(Table(columns: columns, rows: rows, highlighted: highlighted))
        story.append(caption(Strings.format(scenario.legend, language, names[0]) + " " + Self.scenarioSource[language]))
        return story
    }
}
