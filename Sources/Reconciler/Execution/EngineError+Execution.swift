import EngineAPI

extension EngineError.Code {
    /// A `depends_on` condition can no longer be met (the dependency is unhealthy or exited with an error).
    public static let dependencyFailed = EngineError.Code(rawValue: "dependencyFailed")
}
