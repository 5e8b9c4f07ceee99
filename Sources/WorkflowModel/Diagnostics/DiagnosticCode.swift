/// Every diagnostic wfrun can emit, with its stable code. Codes never change meaning; a retired
/// code is not reused.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable, Codable {
    // Reading the file
    /// The file cannot be read (missing, a directory, no permission).
    case unreadableFile = "WF001"
    /// The file is empty.
    case emptyFile = "WF002"
    /// The file is not well-formed XML.
    case malformedXML = "WF003"
    /// The file has a DOCTYPE, which wfrun refuses (entities are an attack surface, never needed).
    case doctypeRefused = "WF004"
    /// The bytes are not valid UTF-8 (or the declared encoding).
    case invalidEncoding = "WF005"
    /// The document exceeds a parser limit (nesting depth, text or attribute size).
    case parserLimit = "WF006"

    // The grammar (Schemas/workflow.xsd)
    /// The document does not follow the workflow grammar.
    case grammar = "WF010"
    /// The root element is not a wfrun workflow.
    case notAWorkflow = "WF011"

    // The graph
    /// Two activities share a name.
    case duplicateActivity = "WF020"
    /// A transition names an activity that does not exist.
    case unknownTransitionTarget = "WF021"
    /// No path from an entry point reaches the activity.
    case unreachableActivity = "WF022"
    /// The workflow has no `start` or `scheduler`.
    case noEntryPoint = "WF023"
    /// A cycle that no `wait` or `scheduler` breaks would spin forever.
    case unbrokenCycle = "WF024"
    /// A `join` with fewer than two incoming transitions would never be an AND-join.
    case joinNeedsTwoInputs = "WF025"

    // Data schemas
    /// A `map` or `upsert` names a field the data schema lacks.
    case unknownField = "WF026"
    /// An `upsert` key is not a unique key of the schema.
    case keyNotUnique = "WF027"
    /// A data schema that does not exist.
    case unknownSchema = "WF028"
    /// A `map` writes a literal that the column's allowed `values` do not include.
    case valueNotAllowed = "WF029"

    // Connectors
    /// A connector that is not installed.
    case unknownConnector = "WF030"
    /// A resource the connector does not offer.
    case unknownResource = "WF031"
    /// A parameter the resource does not take.
    case unknownResourceParameter = "WF032"
    /// A required resource parameter is missing.
    case missingResourceParameter = "WF033"
    /// A resource parameter has a value the resource refuses.
    case invalidResourceParameter = "WF034"
    /// A `publish` text written as a literal that is longer than the network takes.
    case textTooLong = "WF035"
    /// A `publish` attribute that its action does not take (`recipient` or `perDay` on a post).
    case publishAttributeNotForAction = "WF036"

    // Expressions
    /// An expression does not parse.
    case expressionSyntax = "WF040"
    /// An expression calls a function that does not exist.
    case unknownFunction = "WF041"
    /// A function gets the wrong number or kind of arguments.
    case functionArguments = "WF042"

    // Schedules
    /// A time that is not `HH:MM`.
    case invalidTime = "WF050"
    /// A day name or day of the month that does not exist.
    case invalidDay = "WF051"
    /// A cron expression with a bad field.
    case invalidCron = "WF052"
    /// A time zone that is not in the IANA database.
    case unknownTimeZone = "WF053"
    /// A schedule rule that is incomplete or contradictory.
    case invalidScheduleRule = "WF054"

    // Parameters
    /// `param('x')` where the workflow declares no parameter `x`.
    case undeclaredParameter = "WF060"
    /// A declared parameter that nothing uses.
    case unusedParameter = "WF061"
    /// A parameter default that does not match its type.
    case parameterDefaultType = "WF062"

    // Values
    /// A duration, count or limit outside the range wfrun accepts (a `wait` longer than 365 days,
    /// a retry `count` over 100, …): refused here rather than overflowing a clock when it runs.
    case valueOutOfRange = "WF070"

    /// The severity a diagnostic of this code has unless said otherwise.
    public var defaultSeverity: Diagnostic.Severity {
        switch self {
        case .unreachableActivity, .unusedParameter: .warning
        default: .error
        }
    }
}
